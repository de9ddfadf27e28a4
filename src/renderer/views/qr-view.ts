// One link as a QR code, for people who DM from the phone: scanning it opens the same verified link
// the DM text carries. Reached from a row's "QR code" button or the tray's "Show Last Link as QR Code".
import type { HistoryItem } from '../../shared/ipc-contract';
import { api } from '../api';
import { basename, h, replaceChildren } from '../dom';
import { qrCodeImageUrl } from '../qr-code';

export function mountQrView(root: HTMLElement, notify: (text: string) => void, back: () => void) {
  const title = h('h2', { id: 'qr-title', tabindex: -1 }, 'Open the link on your phone');
  const backButton = h('button', { type: 'button', id: 'qr-back', onclick: back }, 'Back');

  const draw = (item: HistoryItem | undefined) => {
    if (!item?.url || item.status !== 'live') {
      replaceChildren(root, title, h('p', { id: 'qr-missing' }, item ? 'This link is no longer live, so there is no code to scan.' : 'There is no link to show yet: share a photo first.'), backButton);
      return;
    }
    const copy = () => void api.copyLink({ id: item.id }).then((r) => notify(!r.ok ? r.error.message : r.copied ? 'DM text copied: paste it into the chat.' : 'This link is no longer live.'));
    replaceChildren(
      root,
      title,
      h('p', {}, `Scan this with the phone’s camera: it opens the same verified link as the DM text for `, h('span', { class: 'name' }, basename(item.file)), '.'),
      h('img', { id: 'qr-code', src: qrCodeImageUrl(item.url), width: 264, height: 264, alt: `QR code of the link ${item.url}` }),
      h('p', { class: 'qr-link' }, item.url),
      h('p', { class: 'meta' }, 'The code is drawn on this computer: nothing is sent anywhere to make it.'),
      h('p', { class: 'choices' }, h('button', { type: 'button', class: 'primary', onclick: copy }, 'Copy DM text'), backButton),
    );
  };

  return {
    /** Shows the QR code of history entry `id`, or of the newest live link without one. */
    async show(id?: string) {
      const history = await api.listHistory({ limit: 500 });
      if (!history.ok) return notify(history.error.message);
      draw(id ? history.items.find((i) => i.id === id) : history.items.find((i) => i.status === 'live' && i.url));
      title.focus();
    },
  };
}
