// History: every share, newest first, searchable, with each live link's health (re-checked in the
// background by the app, or now with "Check"), and Copy / Open / Revoke.
import type { HistoryItem } from '../../shared/ipc-contract';
import { api } from '../api';
import { basename, h, replaceChildren } from '../dom';
import { linkActions } from '../link-actions';

const HEALTH_TEXT: Record<string, string> = { unchecked: 'live', live: 'live · checked', broken: 'broken: no longer opens' };

export function mountHistoryView(root: HTMLElement, notify: (text: string) => void) {
  const search = h('input', { type: 'search', id: 'history-search', placeholder: 'Search by file, album or link', 'aria-label': 'Search history' });
  const list = h('ul', { id: 'history', 'aria-label': 'Shared photos' });
  replaceChildren(root, search, list);
  let items: HistoryItem[] = [];

  const matches = (item: HistoryItem, q: string) => !q || [item.file, item.album, item.url, item.status].some((v) => v?.toLowerCase().includes(q));
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const shown = items.filter((i) => matches(i, q));
    replaceChildren(
      list,
      ...(shown.length === 0 ? [h('li', { class: 'empty' }, items.length ? 'Nothing matches.' : 'Nothing shared yet.')] : []),
      ...shown.map((item) => {
        const status = item.status === 'live' ? HEALTH_TEXT[item.health ?? 'unchecked'] : item.status;
        const state = item.status === 'live' && item.health === 'broken' ? 'broken' : item.status;
        return h(
          'li',
          { class: 'entry', 'data-id': item.id, 'data-status': state },
          h('span', { class: 'name' }, basename(item.file)),
          h('span', { class: `status status-${state}` }, status ?? ''),
          h('time', { datetime: item.createdAt }, new Date(item.createdAt).toLocaleString()),
          item.expiresAt && item.status === 'live' ? h('span', { class: 'meta' }, `closes ${new Date(item.expiresAt).toLocaleString()}`) : false,
          item.error ? h('span', { class: 'error' }, item.error.message) : false,
          ...linkActions(item, notify, () => void refresh()),
          item.status === 'live' ? h('button', { type: 'button', onclick: () => void api.checkHealth({ id: item.id }).then((r) => (r.ok ? refresh() : notify(r.error.message))) }, 'Check') : false,
          item.bytesOut !== undefined && item.status !== 'deleted' && item.status !== 'failed' && item.status !== 'pending' ? deleteButton(item.id) : false,
        );
      }),
    );
  };
  // Two presses: deleting a file from someone's cloud storage should never be one slip away.
  const deleteButton = (id: string) => {
    const button = h('button', { type: 'button', class: 'danger' }, 'Delete file');
    button.addEventListener('click', () => {
      if (button.dataset.armed !== 'yes') {
        button.dataset.armed = 'yes';
        button.textContent = 'Press again to delete from your storage';
        return;
      }
      void api.deleteFile({ id }).then((r) => {
        notify(r.ok ? 'Deleted from your storage; its link no longer opens.' : `Not deleted: ${r.error.message}`);
        void refresh();
      });
    });
    return button;
  };

  async function refresh() {
    const history = await api.listHistory({ limit: 500 });
    if (!history.ok) return notify(history.error.message);
    items = history.items;
    draw();
  }
  search.addEventListener('input', draw);
  api.onHistoryChanged(() => void refresh());
  return { refresh };
}
