// First run: connect a provider (or try demo mode, where the built-in emulator stands in for
// Dropbox and nothing leaves the computer), decide about screenshot auto-upload (off unless chosen),
// and learn the hotkey.
import { api } from '../api';
import { acceleratorLabel } from '../../shared/accelerator-label';
import { h, replaceChildren } from '../dom';
import { connectOrGuide } from './client-guide';

export function mountFirstRun(root: HTMLElement, notify: (text: string) => void, done: () => void) {
  async function draw() {
    const [listed, stored, info] = await Promise.all([api.listAccounts(), api.getSettings(), api.getInfo()]);
    if (!listed.ok) return notify(listed.error.message);
    if (!stored.ok) return notify(stored.error.message);
    if (!info.ok) return notify(info.error.message);
    const { accounts } = listed;
    const { settings } = stored;
    const key = acceleratorLabel(settings.hotkeys.copyLast, info.platform);
    const screenshots = h('input', { type: 'checkbox', id: 'first-run-screenshots', checked: settings.watch.autoUploadScreenshots });
    const connected = accounts.some((a) => a.state === 'connected');
    replaceChildren(
      root,
      h('h2', { id: 'first-run-title' }, 'Welcome to DM Drop'),
      h('p', {}, 'Photos become view-only links you can paste into a TikTok DM. Location and camera data never leave this computer.'),
      h('h3', {}, '1. Where should photos go?'),
      h(
        'div',
        { class: 'choices' },
        ...accounts
          .filter((a) => a.state !== 'unsupported')
          .map((a) =>
            a.state === 'connected'
              ? h('p', { class: 'status status-connected' }, `${a.name}: connected`)
              : h('button', { type: 'button', onclick: () => void connectOrGuide(a, { notify, connected: () => void draw() }) }, `Connect ${a.name}`),
          ),
        h('button', { type: 'button', id: 'start-demo', onclick: () => void api.startDemo().then((r) => (r.ok ? (notify('Demo mode: a built-in stand-in for Dropbox; nothing leaves this computer.'), draw()) : notify(r.error.message))) }, 'Try demo mode'),
      ),
      h('p', { class: 'meta' }, ...accounts.filter((a) => a.state === 'unsupported').map((a) => `${a.name} cannot be used: ${a.note ?? 'no sharing API'} `)),
      h('h3', {}, '2. Screenshots'),
      h('div', { class: 'field check' }, screenshots, h('label', { for: 'first-run-screenshots' }, 'Share new screenshots automatically (you get 3 seconds to cancel each one)')),
      h('h3', {}, '3. The hotkey'),
      h('p', {}, 'Press ', h('kbd', {}, key), ' anywhere to copy your last link again, ready to paste.'),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          id: 'first-run-done',
          disabled: !connected,
          onclick: () =>
            void api.updateSettings({ firstRunDone: true, watch: { ...settings.watch, autoUploadScreenshots: screenshots.checked } }).then((r) => (r.ok ? done() : notify(r.error.message))),
        },
        connected ? 'Start sharing' : 'Connect a provider or try demo mode first',
      ),
    );
  }
  return { refresh: draw };
}
