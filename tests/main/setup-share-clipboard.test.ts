// Share Clipboard, through the shell with the fake Electron and everything else real (the engine,
// the Dropbox emulator, files on disk): a screenshot on the clipboard is shared like a dropped photo
// and its DM text replaces it, with the temporary copy removed; files copied in a file manager are
// shared as themselves (a non-photo fails on its own); anything else is said. Then the setup alone
// over the fake clipboard port: a temporary image stays while a retry may still need it.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent, EngineListener } from '../../src/core/engine/engine-events';
import type { HistoryEntry } from '../../src/core/queue/history';
import { CLIPBOARD_DIR, setupShareClipboard } from '../../src/main/shell/setup-share-clipboard';
import { fakeClipboard } from '../helpers/fake-clipboard';
import { FakeClipboardItem } from '../helpers/fake-electron';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start, tempDir } = useShellHarness();
const screenshot = async () => sharp({ create: { width: 640, height: 400, channels: 3, background: '#36c' } }).png().toBuffer();

describe('Share Clipboard in the app', () => {
  it('shares a screenshot on the clipboard, puts the DM text in its place and removes the temporary copy', async () => {
    const s = await start({ startHidden: true });
    await s.electron.clipboard.write([new FakeClipboardItem({ 'image/png': new Blob([await screenshot()], { type: 'image/png' }) })]);
    expect(await s.shell.shareClipboard()).toBe('image');
    const [shared] = s.engine.history();
    expect(shared).toMatchObject({ status: 'live', width: 640, height: 400, file: expect.stringMatching(new RegExp(`^${join(s.dataDir, CLIPBOARD_DIR)}/clipboard-[0-9a-f]{8}\\.png$`)) });
    // The next paste in the chat is the link, not the screenshot.
    expect(await s.electron.clipboard.readText()).toBe(shared!.dm);
    expect((await s.electron.clipboard.read()).flatMap((item) => item.types)).toEqual(['text/plain']);
    expect(existsSync(shared!.file)).toBe(false);
    expect(await readdir(join(s.dataDir, CLIPBOARD_DIR))).toEqual([]);
  });

  it('shares files copied in a file manager as those files, a non-photo failing with its own error', async () => {
    const s = await start({ startHidden: true });
    const beach = await photo(s.home, 'beach day.jpg');
    const notes = join(s.home, 'notes.txt');
    await writeFile(notes, 'not a photo');
    const uris = [beach, notes].map((p) => `file://${p.split('/').map(encodeURIComponent).join('/')}`).join('\r\n');
    await s.electron.clipboard.write([new FakeClipboardItem({ 'text/uri-list': `${uris}\r\n`, 'image/png': new Blob([await screenshot()]) })]);
    expect(await s.shell.shareClipboard()).toBe('files');
    const byFile = new Map(s.engine.history().map((e) => [e.file, e]));
    expect(byFile.get(beach)).toMatchObject({ status: 'live' });
    expect(byFile.get(notes)).toMatchObject({ status: 'failed', error: { code: expect.stringMatching(/^[A-Z_]+$/) } });
    expect(s.said).toContainEqual({ title: 'A photo was not shared', body: expect.stringContaining('notes.txt') });
    expect(existsSync(beach) && existsSync(notes)).toBe(true); // the person's own files stay
    expect(await s.electron.clipboard.readText()).toBe(byFile.get(beach)!.dm);
  });

  it('says there was no image when the clipboard holds text, from the hotkey and the tray item', async () => {
    const s = await start({ startHidden: true });
    await s.electron.clipboard.write([new FakeClipboardItem({ 'text/plain': 'hello' })]);
    const said = new Promise((resolve) => s.events.once('notification', resolve));
    s.shortcuts.get('Control+Alt+Shift+V')!();
    await said;
    expect(s.said).toEqual([{ title: 'No image on the clipboard', body: expect.stringMatching(/Copy a screenshot/) }]);
    const again = new Promise((resolve) => s.events.once('notification', resolve));
    s.trays[0]!.menu.find((item) => item.label === 'Share Clipboard')!.click!();
    await again;
    expect(s.said).toHaveLength(2);
    expect(s.engine.history()).toEqual([]);
    expect(await s.electron.clipboard.readText()).toBe('hello'); // nothing was replaced
  });

  it('says so when the clipboard cannot be read', async () => {
    const s = await start({ startHidden: true });
    s.failClipboard();
    expect(await s.shell.shareClipboard()).toBe('unreadable');
    expect(s.said).toEqual([{ title: 'Could not read the clipboard', body: expect.stringMatching(/not available/) }]);
  });

  it('removes the copy of a screenshot the engine refused before queuing it', async () => {
    const s = await start({ startHidden: true, connected: false });
    await s.electron.clipboard.write([new FakeClipboardItem({ 'image/png': new Blob([await screenshot()]) })]);
    expect(await s.shell.shareClipboard()).toBe('image');
    expect(s.said).toEqual([{ title: 'Could not share', body: expect.stringMatching(/No Dropbox account is connected/) }]);
    expect(await readdir(join(s.dataDir, CLIPBOARD_DIR))).toEqual([]);
  });
});

describe('Share Clipboard’s temporary images', () => {
  /** An engine's events and journal as the setup sees them, set by the test. */
  function engineView() {
    const listeners = new Set<EngineListener>();
    const entries: HistoryEntry[] = [];
    return {
      entries,
      emit: (event: EngineEvent) => listeners.forEach((l) => l(event)),
      on: (l: EngineListener) => (listeners.add(l), () => void listeners.delete(l)),
      history: () => entries,
    };
  }
  const entry = (file: string, status: HistoryEntry['status'], code?: string): HistoryEntry => ({ id: file, file, provider: 'dropbox', status, step: 'queued', createdAt: '', ...(code ? { error: { code, message: code } } : {}) }) as HistoryEntry;

  it('keeps one while a retry may still need it and removes it when its job is over; the start sweeps leftovers', async () => {
    const dataDir = await tempDir();
    const engine = engineView();
    const clipboard = fakeClipboard({ kind: 'image', data: await screenshot(), type: 'image/png' });
    let shared: string[] = [];
    const deps = { clipboard, engine, dataDir, notifications: { notify: vi.fn(), tell: vi.fn() }, log: { warn: vi.fn() } };
    const setup = setupShareClipboard({
      ...deps,
      // The network is down: the job fails, and the automatic retry will need the file.
      share: (paths) => {
        shared = paths;
        engine.entries.push(entry(paths[0]!, 'failed', 'NETWORK_ERROR'));
        engine.emit({ type: 'outcome', outcome: { file: paths[0]!, ok: false, error: { code: 'NETWORK_ERROR', message: 'offline' }, jobId: 'j', resumable: true } });
      },
    });
    expect(await setup.shareClipboard()).toBe('image');
    const [file] = shared;
    expect(existsSync(file!)).toBe(true);
    // The retry succeeds later: now it goes.
    engine.emit({ type: 'outcome', outcome: { file: file!, ok: true } as never });
    await setup.close(); // waits for the removals under way
    expect(existsSync(file!)).toBe(false);

    // Left by a quit: kept while its job is pending, removed when its job is over or unknown.
    const dir = join(dataDir, CLIPBOARD_DIR);
    await mkdir(dir, { recursive: true });
    const names = ['pending.png', 'failed-for-good.png', 'unknown.png', 'waiting-for-sign-in.png'];
    await Promise.all(names.map((n) => writeFile(join(dir, n), 'x')));
    engine.entries.splice(0, Infinity, entry(join(dir, 'pending.png'), 'pending'), entry(join(dir, 'failed-for-good.png'), 'failed', 'UNSUPPORTED_FORMAT'), entry(join(dir, 'waiting-for-sign-in.png'), 'failed', 'AUTH_EXPIRED'));
    await setupShareClipboard({ ...deps, share: vi.fn() }).sweep();
    expect((await readdir(dir)).sort()).toEqual(['pending.png', 'waiting-for-sign-in.png']);
  });
});
