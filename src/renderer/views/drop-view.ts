// The drop window: a big drop zone (also a keyboard button that opens the file picker), paste from
// the clipboard, share options, and a row per photo following it from "optimising" to a verified
// link, with what optimisation did, upload speed and time left, and Copy / Open / Revoke / Retry.
// A password typed here stays in this page: it goes to main with the share and with "Copy
// password", and is never in the DM text, the history or on disk.
import { retryKindOf } from '../../shared/retry-kind';
import { EXPIRY_CHOICES, expiryLabel, type ExpiryChoice } from '../../shared/expiry';
import type { ProgressEvent } from '../../shared/ipc-contract';
import { api } from '../api';
import { basename, h, replaceChildren } from '../dom';
import { formatDuration, formatSpeed } from '../format';
import { linkActions } from '../link-actions';

const STAGE_TEXT: Record<string, string> = {
  queued: 'Queued',
  optimising: 'Optimising…',
  uploading: 'Uploading…',
  sharing: 'Making the link…',
  verifying: 'Checking the link opens…',
  done: 'Ready',
  failed: 'Failed',
};

/** What a photo was shared with, kept for its Retry (a retry without its password would make an open link). */
interface Choices {
  caption?: string;
  expires?: ExpiryChoice;
  password?: string;
}

interface Row {
  el: HTMLLIElement;
  file: string;
  thumb?: string;
  choices: Choices;
  samples: { at: number; sent: number }[];
}

const PASSWORD_HINT =
  'Optional. Anyone opening the link must type it first. Dropbox Plus, Essentials and Business accounts only; Google Drive cannot put a password on a link anyone can open. The DM text never contains it: send it in a separate message.';
const PASSWORD_OFF_FOR_DRIVE =
  'Google Drive cannot put a password on a link anyone can open, so no password is offered while Google Drive is where photos go. Dropbox Plus, Essentials and Business accounts can.';

export function mountDropView(root: HTMLElement, notify: (text: string) => void) {
  const rows = new Map<string, Row>();
  const thumbs = new Map<string, string>(); // file path (or name) → blob: URL of the dropped/pasted image
  const chosen = new Map<string, Choices>(); // file path ('pasted' for a paste) → what it was shared with
  const input = h('input', { type: 'file', multiple: true, accept: 'image/*', hidden: true, id: 'file-input' });
  const album = h('input', { type: 'checkbox', id: 'as-album' });
  const albumName = h('input', { type: 'text', id: 'album-name', placeholder: 'Album name (optional)', maxlength: 120 });
  const caption = h('input', { type: 'text', id: 'caption', placeholder: 'A line for the DM, e.g. “from Saturday”', maxlength: 500 });
  const expires = h('select', { id: 'expires' }, h('option', { value: '' }, 'Never'), ...EXPIRY_CHOICES.map((choice) => h('option', { value: choice }, expiryLabel(choice))));
  const password = h('input', { type: 'password', id: 'link-password', autocomplete: 'new-password', maxlength: 200, 'aria-describedby': 'link-password-hint' });
  const passwordHint = h('small', { id: 'link-password-hint', class: 'hint' }, PASSWORD_HINT);
  const list = h('ul', { id: 'jobs', 'aria-live': 'polite', 'aria-label': 'Photos being shared' });
  const zone = h(
    'div',
    { id: 'drop-zone', tabindex: 0, role: 'button', 'aria-describedby': 'drop-hint' },
    h('p', { class: 'big' }, 'Drop photos here'),
    h('p', { id: 'drop-hint' }, 'or paste one (Ctrl/⌘+V). They are resized, stripped of location and camera data, uploaded, and the link is checked before it is copied.'),
  );
  const choose = h('button', { type: 'button', id: 'choose-photos', onclick: () => input.click() }, 'Choose photos…');
  const albumRow = h('p', { class: 'option', id: 'album-option' }, h('label', {}, album, ' As one album link'), ' ', albumName);
  replaceChildren(
    root,
    zone,
    h('p', { class: 'option' }, choose),
    input,
    h(
      'div',
      { class: 'options' },
      albumRow,
      h('label', {}, 'Caption ', caption),
      h('label', {}, 'Link expires ', expires),
      h('div', { class: 'password-option' }, h('label', {}, 'Link password ', password), passwordHint),
    ),
    list,
  );

  const choices = (): Choices => ({
    caption: caption.value.trim() || undefined,
    expires: (expires.value || undefined) as ExpiryChoice | undefined,
    password: (!password.disabled && password.value) || undefined,
  });

  /** Google Drive cannot protect an "anyone" link: the field is off, and says why, while Drive is the default. */
  const refresh = async () => {
    const accounts = await api.listAccounts();
    const drive = accounts.ok && accounts.accounts.some((a) => a.default && a.id === 'drive');
    password.disabled = drive;
    passwordHint.textContent = drive ? PASSWORD_OFF_FOR_DRIVE : PASSWORD_HINT;
  };

  const shareFiles = (files: File[]) => {
    const paths = files.map((file) => {
      const path = api.pathForFile(file);
      thumbs.set(path, URL.createObjectURL(file));
      return path;
    });
    if (paths.length === 0) return;
    const asAlbum = album.checked && paths.length > 1;
    const options = choices();
    for (const path of paths) chosen.set(path, options);
    void api.shareFiles({ paths, ...options, ...(asAlbum ? { album: { name: albumName.value.trim() || undefined } } : {}) }).then((r) => r.ok || notify(r.error.message));
  };

  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    shareFiles([...(event.dataTransfer?.files ?? [])]);
  });
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
  zone.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    shareFiles([...(input.files ?? [])]);
    input.value = '';
  });
  document.addEventListener('paste', (event) => {
    const item = [...(event.clipboardData?.items ?? [])].find((i) => i.kind === 'file' && /^image\/(png|jpeg|webp|gif)$/.test(i.type));
    const file = item?.getAsFile();
    if (!file) return;
    event.preventDefault();
    const options = choices();
    void file.arrayBuffer().then((buffer) => {
      thumbs.set('pasted', URL.createObjectURL(file));
      chosen.set('pasted', options);
      return api.sharePasted({ data: new Uint8Array(buffer), type: file.type as 'image/png', ...options });
    }).then((r) => r.ok || notify(r.error.message));
  });

  const rowFor = (event: ProgressEvent): Row => {
    let row = rows.get(event.jobId);
    if (!row) {
      const pasted = basename(event.file).startsWith('pasted-');
      const thumb = thumbs.get(event.file) ?? (pasted ? thumbs.get('pasted') : undefined);
      const options = chosen.get(event.file) ?? (pasted ? chosen.get('pasted') : undefined) ?? {};
      row = { el: h('li', { class: 'job', 'data-job': event.jobId }), file: event.file, thumb, choices: options, samples: [] };
      rows.set(event.jobId, row);
      list.prepend(row.el);
    }
    return row;
  };

  const render = async (row: Row, event: ProgressEvent) => {
    row.el.dataset.stage = event.stage;
    const name = basename(row.file);
    const stage = h('span', { class: 'stage' }, STAGE_TEXT[event.stage] ?? event.stage);
    // A file that is not an image has no picture: show the empty frame, not a broken-image icon.
    const thumb = row.thumb
      ? h('img', { class: 'thumb', src: row.thumb, alt: '', onerror: (event: Event) => (event.target as HTMLElement).replaceWith(h('span', { class: 'thumb' })) })
      : h('span', { class: 'thumb' });
    const parts: (Node | string)[] = [thumb, h('span', { class: 'name' }, name), stage];
    if (event.stage === 'uploading' && event.total) {
      const now = performance.now();
      row.samples.push({ at: now, sent: event.sent ?? 0 });
      row.samples = row.samples.filter((s) => now - s.at < 3000);
      const first = row.samples[0]!;
      const speed = now > first.at ? (((event.sent ?? 0) - first.sent) / (now - first.at)) * 1000 : 0;
      const left = speed > 0 ? (event.total - (event.sent ?? 0)) / speed : NaN;
      parts.push(
        h('progress', { max: event.total, value: event.sent ?? 0, 'aria-label': `Uploading ${name}` }),
        h('span', { class: 'meta' }, [speed > 0 && formatSpeed(speed), Number.isFinite(left) && `${formatDuration(left)} left`].filter(Boolean).join(' · ')),
      );
    }
    if (event.stage === 'failed' && event.error) {
      // A network failure is retried by itself; Retry still lets the user try at once.
      const automatic = retryKindOf(event.error.code) === 'automatic';
      parts.push(
        h('span', { class: 'error', role: 'alert' }, automatic ? `${event.error.message} DM Drop will try again by itself.` : event.error.message),
        h('button', { type: 'button', onclick: () => void api.shareFiles({ paths: [row.file], ...row.choices }).then((r) => r.ok || notify(r.error.message)) }, automatic ? 'Retry now' : 'Retry'),
      );
    }
    if (event.stage === 'done') {
      const history = await api.listHistory({ limit: 200 });
      const item = history.ok ? history.items.find((i) => i.id === event.jobId) : undefined;
      if (item) parts.push(...linkActions(item, notify, () => void rerender(row, event)));
      const secret = row.choices.password;
      if (item?.status === 'live' && secret) {
        const copyPassword = () =>
          void api.copyPassword({ password: secret }).then((r) =>
            notify(!r.ok ? r.error.message : r.copied ? 'Password copied: send it in a separate message, not with the link.' : 'The password could not be copied. Try again in a moment.'),
          );
        parts.push(
          h('span', { class: 'meta password-note' }, 'Password-protected: send the password in a separate message.'),
          h('button', { type: 'button', onclick: copyPassword }, 'Copy password'),
        );
      }
    }
    replaceChildren(row.el, ...parts);
  };
  const rerender = (row: Row, event: ProgressEvent) => render(row, event);

  api.onProgress((event) => {
    const row = rowFor(event);
    void render(row, event);
  });
  void refresh();
  return { refresh };
}
