// Settings: accounts, the default provider, DM templates with a live preview of the exact text,
// hotkeys (press the new keys), watched folders and auto-upload, image size and quality, names,
// start at login. Values are checked with the same schema the app uses before they are sent; each
// field shows its own error.
import { formatDmText } from '../../shared/dm-text';
import type { IpcResult } from '../../shared/ipc-channels';
import type { AccountItem } from '../../shared/ipc-contract';
import { HOTKEYS, type HotkeyBindings, type HotkeyId } from '../../shared/hotkeys';
import { SettingsSchema, type Settings } from '../../shared/settings-schema';
import { api } from '../api';
import { h, replaceChildren } from '../dom';
import { connectOrGuide, openClientGuide } from './client-guide';

const SAMPLE_LINK = 'https://www.dropbox.com/scl/fi/abc123/dmdrop-7f3k2q.jpg?rlkey=…&dl=0';

/** A key press as an Electron accelerator ("CmdOrCtrl+Shift+L"), or undefined for a lone modifier. */
export function acceleratorOf(event: KeyboardEvent): string | undefined {
  if (['Control', 'Meta', 'Shift', 'Alt'].includes(event.key)) return undefined;
  const mods = [event.ctrlKey || event.metaKey ? 'CmdOrCtrl' : '', event.altKey ? 'Alt' : '', event.shiftKey ? 'Shift' : ''].filter(Boolean);
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return mods.length ? [...mods, key].join('+') : undefined;
}

export function mountSettingsView(root: HTMLElement, notify: (text: string) => void) {
  const form = h('form', { id: 'settings-form', novalidate: true });
  const accounts = h('div', { id: 'accounts', role: 'group', 'aria-label': 'Accounts' });
  replaceChildren(root, h('h2', {}, 'Accounts'), accounts, form);

  const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', {}, hint) : false, h('span', { class: 'error', id: `${id}-error`, role: 'alert' }));

  async function drawAccounts(list?: AccountItem[]): Promise<AccountItem[]> {
    let items = list;
    if (!items) {
      const listed = await api.listAccounts();
      if (!listed.ok) notify(listed.error.message);
      items = listed.ok ? listed.accounts : [];
    }
    // Connect and disconnect answer with the accounts as they are now.
    const redraw = (r: IpcResult<{ accounts: AccountItem[] }>) => void (r.ok ? drawAccounts(r.accounts) : notify(r.error.message));
    replaceChildren(
      accounts,
      ...items.map((a) =>
        h(
          'div',
          { class: 'account', 'data-provider': a.id },
          h('strong', {}, a.name),
          h('span', { class: `status status-${a.state}` }, a.state === 'connected' ? 'connected' : a.state === 'unsupported' ? 'not possible' : 'not connected'),
          a.note && a.state === 'unsupported' ? h('small', {}, a.note) : false,
          a.state === 'not-connected'
            ? h('button', { type: 'button', onclick: () => void connectOrGuide(a, { notify, connected: (now) => void drawAccounts(now) }) }, `Connect ${a.name}`)
            : false,
          a.state !== 'unsupported'
            ? h('button', { type: 'button', class: 'own-app', onclick: () => void openClientGuide(a.id, { notify, connected: (now) => void drawAccounts(now) }) }, a.client === 'settings' ? 'Your app…' : 'Use your own app…')
            : false,
          a.state === 'connected' ? h('button', { type: 'button', onclick: () => void api.disconnectAccount({ provider: a.id }).then(redraw) }, 'Disconnect') : false,
        ),
      ),
    );
    return items;
  }

  async function drawForm() {
    const stored = await api.getSettings();
    if (!stored.ok) return notify(stored.error.message);
    const s = stored.settings;
    const providers = await drawAccounts();
    const input = (id: string, attrs: Record<string, string | number | boolean | undefined>) => h('input', { id, name: id, ...attrs });
    const defaultProvider = h('select', { id: 'defaultProvider' }, ...providers.map((p) => h('option', { value: p.id, selected: p.id === s.defaultProvider, disabled: p.state === 'unsupported' }, p.name)));
    const template = h('textarea', { id: 'dmTemplate', rows: 2 }, s.dmTemplate);
    const albumTemplate = h('textarea', { id: 'albumDmTemplate', rows: 2 }, s.albumDmTemplate);
    const preview = h('output', { id: 'dm-preview', for: 'dmTemplate' });
    const albumPreview = h('output', { id: 'album-preview', for: 'albumDmTemplate' });
    const updatePreview = () => {
      preview.textContent = formatDmText(template.value, { link: SAMPLE_LINK, caption: 'from Saturday' });
      albumPreview.textContent = formatDmText(albumTemplate.value, { link: SAMPLE_LINK, caption: 'from Saturday', count: 3 });
    };
    template.addEventListener('input', updatePreview);
    albumTemplate.addEventListener('input', updatePreview);
    updatePreview();

    const hotkey = (id: HotkeyId, value: string) => {
      const box = input(`hotkey-${id}`, { type: 'text', value, readonly: true, 'aria-describedby': `hotkey-${id}-hint` });
      box.addEventListener('keydown', (event) => {
        if (event.key === 'Tab') return;
        event.preventDefault();
        if (event.key === 'Backspace' || event.key === 'Delete') box.value = '';
        const accelerator = acceleratorOf(event);
        if (accelerator) box.value = accelerator;
      });
      return box;
    };
    // One box per row of the hotkey table.
    const hotkeyBoxes = HOTKEYS.map((row) => ({ row, box: hotkey(row.id, s.hotkeys[row.id]) }));

    const folders = [...s.watch.screenshotFolders];
    const folderList = h('ul', { id: 'screenshot-folders' });
    const drawFolders = () =>
      replaceChildren(
        folderList,
        ...(folders.length ? [] : [h('li', {}, 'The folder this computer saves screenshots to')]),
        ...folders.map((f, i) => h('li', {}, f, ' ', h('button', { type: 'button', onclick: () => (folders.splice(i, 1), drawFolders()) }, 'Remove'))),
      );
    drawFolders();
    const addFolder = h('button', { type: 'button', onclick: () => void api.pickFolder().then((r) => (!r.ok ? notify(r.error.message) : r.folder && (folders.push(r.folder), drawFolders()))) }, 'Add folder…');

    const maxEdge = input('maxEdge', { type: 'number', value: s.maxEdge, min: 256, max: 8192 });
    const quality = input('jpegQuality', { type: 'number', value: s.jpegQuality ?? '', min: 40, max: 100, placeholder: 'automatic' });
    const cancelWindow = input('cancelWindowSec', { type: 'number', value: s.watch.cancelWindowSec, min: 0, max: 120, step: 1 });
    const autoUpload = input('autoUploadScreenshots', { type: 'checkbox', checked: s.watch.autoUploadScreenshots });
    // What the recipient sees: the photo itself avoids the provider's sign-in and sign-up prompts.
    const linkOpens = h(
      'select',
      { id: 'linkOpens' },
      h('option', { value: 'photo', selected: (s.linkOpens ?? 'photo') === 'photo' }, 'The photo itself'),
      h('option', { value: 'page', selected: s.linkOpens === 'page' }, 'The provider’s page around it'),
    );
    const keepNames = input('keepOriginalNames', { type: 'checkbox', checked: s.keepOriginalNames });
    const startAtLogin = input('startAtLogin', { type: 'checkbox', checked: s.startAtLogin });
    const dropFolder = input('dropFolder', { type: 'text', value: s.watch.dropFolder ?? '', placeholder: '~/DM Drop' });

    replaceChildren(
      form,
      h('h2', {}, 'Sharing'),
      field('defaultProvider', 'Default provider', defaultProvider),
      field('dmTemplate', 'DM text for one photo', template, 'Use {caption}, {link}.'),
      h('p', { class: 'preview' }, 'Preview: ', preview),
      field('linkOpens', 'The link in a DM opens', linkOpens, 'The page asks strangers to sign in or sign up; the photo does not. Albums always open their page.'),
      field('albumDmTemplate', 'DM text for an album', albumTemplate, 'Use {count}, {caption}, {link}.'),
      h('p', { class: 'preview' }, 'Preview: ', albumPreview),
      h('h2', {}, 'Hotkeys'),
      ...hotkeyBoxes.map(({ row, box }, i) => field(`hotkey-${row.id}`, row.label, box, i === 0 ? 'Click the box and press the new keys; Backspace turns it off.' : undefined)),
      h('h2', {}, 'Auto-upload'),
      field('dropFolder', 'Drop folder', dropFolder),
      h('div', { class: 'field check' }, autoUpload, h('label', { for: 'autoUploadScreenshots' }, 'Share new screenshots automatically')),
      h('div', { class: 'field' }, h('span', {}, 'Screenshot folders'), folderList, addFolder),
      field('cancelWindowSec', 'Seconds to cancel before upload', cancelWindow),
      h('h2', {}, 'Photos'),
      field('maxEdge', 'Longest side (pixels)', maxEdge, 'Camera photos. Screenshots and other flat-colour images keep their own size, up to 4096 pixels, while their lossless file stays small, so text stays sharp.'),
      field('jpegQuality', 'JPEG quality', quality, 'Empty: chosen per photo, with the encoder, to suit your upload speed.'),
      h('div', { class: 'field check' }, keepNames, h('label', { for: 'keepOriginalNames' }, 'Keep original file names (otherwise neutral random names)')),
      h('div', { class: 'field check' }, startAtLogin, h('label', { for: 'startAtLogin' }, 'Start DM Drop at login (in the tray)')),
      h('button', { type: 'submit', class: 'primary' }, 'Save settings'),
    );

    form.onsubmit = (event) => {
      event.preventDefault();
      for (const el of form.querySelectorAll('.error')) el.textContent = '';
      const patch: Partial<Settings> = {
        defaultProvider: defaultProvider.value as Settings['defaultProvider'],
        dmTemplate: template.value,
        albumDmTemplate: albumTemplate.value,
        hotkeys: Object.fromEntries(hotkeyBoxes.map(({ row, box }) => [row.id, box.value])) as HotkeyBindings,
        maxEdge: Number(maxEdge.value),
        jpegQuality: quality.value === '' ? undefined : Number(quality.value),
        keepOriginalNames: keepNames.checked,
        linkOpens: linkOpens.value as Settings['linkOpens'],
        startAtLogin: startAtLogin.checked,
        watch: { ...s.watch, dropFolder: dropFolder.value.trim() || undefined, autoUploadScreenshots: autoUpload.checked, screenshotFolders: folders, cancelWindowSec: Number(cancelWindow.value) },
      };
      const checked = SettingsSchema.safeParse({ ...s, ...patch });
      if (!checked.success) {
        const ids: Record<string, string> = { 'watch.cancelWindowSec': 'cancelWindowSec', 'watch.dropFolder': 'dropFolder', ...Object.fromEntries(HOTKEYS.map((row) => [`hotkeys.${row.id}`, `hotkey-${row.id}`])) };
        for (const issue of checked.error.issues) {
          const path = issue.path.join('.');
          const target = form.querySelector(`#${ids[path] ?? path}-error`);
          if (target) target.textContent = fieldMessage(path, issue.message);
        }
        // Keyboard users land on the first field that needs fixing.
        form.querySelector<HTMLElement>('.field:has(.error:not(:empty)) input, .field:has(.error:not(:empty)) textarea, .field:has(.error:not(:empty)) select')?.focus();
        notify('Some settings need fixing before they can be saved.');
        return;
      }
      void api.updateSettings(patch).then((r) => notify(r.ok ? 'Settings saved.' : r.error.message));
    };
  }

  return { refresh: drawForm };
}

function fieldMessage(path: string, message: string): string {
  if (path === 'maxEdge') return 'Choose a size from 256 to 8192 pixels.';
  if (path === 'jpegQuality') return 'Choose a quality from 40 to 100, or leave it empty.';
  if (path === 'watch.cancelWindowSec') return 'Choose 0 to 120 seconds.';
  if (path === 'dmTemplate' || path === 'albumDmTemplate') return 'The DM text cannot be empty.';
  return message;
}
