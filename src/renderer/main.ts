// The window: first run until it is done, then three views (Share, History, Settings) switched by
// the header's buttons, and a link's QR code, opened from a row or by the tray. Everything goes
// through window.api (src/renderer/api.ts).
import type { ShowViewEvent, WindowView } from '../shared/ipc-contract';
import { api } from './api';
import { onViewRequest } from './show-view';
import { mountDropView } from './views/drop-view';
import { mountFirstRun } from './views/first-run';
import { mountHistoryView } from './views/history-view';
import { mountQrView } from './views/qr-view';
import { mountSettingsView } from './views/settings-view';

const notice = document.querySelector<HTMLElement>('#notice')!;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function notify(text: string) {
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), 8000);
}

const views: Record<WindowView, HTMLElement> = {
  drop: document.querySelector<HTMLElement>('#view-drop')!,
  history: document.querySelector<HTMLElement>('#view-history')!,
  settings: document.querySelector<HTMLElement>('#view-settings')!,
  qr: document.querySelector<HTMLElement>('#view-qr')!,
};
const firstRunEl = document.querySelector<HTMLElement>('#view-first-run')!;
const nav = document.querySelector<HTMLElement>('nav')!;

const drop = mountDropView(views.drop, notify);
const history = mountHistoryView(views.history, notify);
const settings = mountSettingsView(views.settings, notify);
let previous: WindowView = 'drop';
let current: WindowView = 'drop';
const qr = mountQrView(views.qr, notify, () => show({ view: previous === 'qr' ? 'drop' : previous }));

function show({ view, id }: ShowViewEvent) {
  if (view !== current) previous = current;
  current = view;
  firstRunEl.hidden = true;
  nav.hidden = false;
  for (const [name, el] of Object.entries(views)) el.hidden = name !== view;
  for (const button of nav.querySelectorAll<HTMLButtonElement>('button')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  if (view === 'drop') void drop.refresh();
  if (view === 'history') void history.refresh();
  if (view === 'settings') void settings.refresh();
  if (view === 'qr') void qr.show(id);
}

nav.addEventListener('click', (event) => {
  const view = (event.target as HTMLElement).closest('button')?.dataset.view as WindowView | undefined;
  if (view) show({ view });
});
api.onNotice((n) => notify(n.message));
onViewRequest(show);

const firstRun = mountFirstRun(firstRunEl, notify, () => show({ view: 'drop' }));
const ready = api.getSettings().then((r) => {
  if (!r.ok) return notify(r.error.message);
  if (r.settings.firstRunDone) return show({ view: 'drop' });
  for (const el of Object.values(views)) el.hidden = true;
  nav.hidden = true;
  firstRunEl.hidden = false;
  void firstRun.refresh();
});
// The tray opened the window on a view: shown once the page has settled on its first one.
api.onShowView((event) => void ready.then(() => show(event)));
