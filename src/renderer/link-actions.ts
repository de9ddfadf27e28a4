// What a shared photo's row offers, in the drop view and in history alike: what optimisation did,
// its album, and Copy DM text / QR code / Open link / Revoke while its link is live.
import type { HistoryItem } from '../shared/ipc-contract';
import { api } from './api';
import { h } from './dom';
import { summary } from './format';
import { requestView } from './show-view';

export function linkActions(item: HistoryItem, notify: (text: string) => void, changed: () => void): Node[] {
  const facts = summary(item);
  const nodes: Node[] = [];
  if (facts) nodes.push(h('span', { class: 'meta' }, facts));
  if (item.album) nodes.push(h('span', { class: 'meta' }, `in “${item.album}”`));
  // A delivered album link is never closed by the app: when a check fails it stays open and says so.
  if (item.album && item.status === 'live' && item.albumHealth === 'failing') {
    nodes.push(h('span', { class: 'error album-failing' }, 'The album’s last check failed. Its link stays open for the people who have it, and DM Drop checks it again.'));
  }
  if (item.status === 'live' && item.url) {
    const copy = () =>
      void api.copyLink({ id: item.id }).then((r) => notify(!r.ok ? r.error.message : r.copied ? 'DM text copied: paste it into the chat.' : 'This link is no longer live.'));
    const open = () => void api.openLink({ url: item.url! }).then((r) => r.ok || notify(r.error.message));
    const revoke = () =>
      void api.revokeLink({ url: item.url! }).then((r) => {
        notify(r.ok ? 'Link revoked: it no longer opens for anyone.' : `Not revoked: ${r.error.message}`);
        changed();
      });
    nodes.push(
      h('button', { type: 'button', class: 'primary', onclick: copy }, 'Copy DM text'),
      h('button', { type: 'button', onclick: () => requestView({ view: 'qr', id: item.id }) }, 'QR code'),
      h('button', { type: 'button', onclick: open }, 'Open link'),
      h('button', { type: 'button', onclick: revoke }, 'Revoke'),
    );
  } else {
    nodes.push(h('span', { class: `status status-${item.status}` }, item.status));
  }
  return nodes;
}
