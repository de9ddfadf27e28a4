// The window: first run until it is done, then three views (Share, History, Settings) switched by
// the header's buttons. Everything goes through window.api (src/renderer/api.ts).
import { api } from './api';
import { mountDropView } from './views/drop-view';
import { mountFirstRun } from './views/first-run';
import { mountHistoryView } from './views/history-view';
import { mountSettingsView } from './views/settings-view';

const notice = document.querySelector<HTMLElement>('#notice')!;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function notify(text: string) {
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), 8000);
}

const views = {
  drop: document.querySelector<HTMLElement>('#view-drop')!,
  history: document.querySelector<HTMLElement>('#view-history')!,
  settings: document.querySelector<HTMLElement>('#view-settings')!,
};
const firstRunEl = document.querySelector<HTMLElement>('#view-first-run')!;
const nav = document.querySelector<HTMLElement>('nav')!;

mountDropView(views.drop, notify);
const history = mountHistoryView(views.history, notify);
const settings = mountSettingsView(views.settings, notify);

function show(view: keyof typeof views) {
  firstRunEl.hidden = true;
  nav.hidden = false;
  for (const [name, el] of Object.entries(views)) el.hidden = name !== view;
  for (const button of nav.querySelectorAll<HTMLButtonElement>('button')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  if (view === 'history') void history.refresh();
  if (view === 'settings') void settings.refresh();
}

nav.addEventListener('click', (event) => {
  const view = (event.target as HTMLElement).closest('button')?.dataset.view as keyof typeof views | undefined;
  if (view) show(view);
});
api.onNotice((n) => notify(n.message));

const firstRun = mountFirstRun(firstRunEl, notify, () => show('drop'));
void api.getSettings().then((r) => {
  if (!r.ok) return notify(r.error.message);
  if (r.settings.firstRunDone) return show('drop');
  for (const el of Object.values(views)) el.hidden = true;
  nav.hidden = true;
  firstRunEl.hidden = false;
  void firstRun.refresh();
});
