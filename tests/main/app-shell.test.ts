// The desktop shell's wiring with Electron replaced by a fake and everything else real: the engine,
// the Dropbox emulator, files on disk. Tray, hotkeys, file arguments from a second launch, clipboard,
// notifications, IPC, accounts through the system browser, start at login.
import { EventEmitter, once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine, type Engine } from '../../src/core/engine/engine';
import type { Clock } from '../../src/core/ports/clock';
import type { SecretStore } from '../../src/core/ports/secret-store';
import { startShell, type Shell } from '../../src/main/shell/app-shell';
import { IPC } from '../../src/shared/ipc-contract';
import { instantClock } from '../helpers/instant-clock';
import { useTempDirs } from '../helpers/temp-dir';
import { collectGarbage, fakeElectron, FakeWebContents, type FakeElectronOptions } from '../helpers/fake-electron';

const tempDir = useTempDirs();
let emu: DropboxEmulator | undefined;
let engine: Engine | undefined;
let shell: Shell | undefined;
afterEach(async () => {
  await shell?.close();
  await engine?.close();
  await emu?.close();
  shell = engine = emu = undefined;
});

function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
}

async function start(options: FakeElectronOptions & { connected?: boolean; clock?: Clock; env?: NodeJS.ProcessEnv; startupProblems?: string[]; startHidden?: boolean } = {}) {
  emu = await startDropboxEmulator();
  const dataDir = await tempDir();
  const home = await tempDir();
  const settings = await loadFileSettings(dataDir);
  const secrets = memorySecrets();
  const env = { HOME: home, ...emu.dmdropEnv({ signedIn: false }), ...options.env };
  if (options.connected !== false) secrets.values.set('dropbox.refreshToken', emu.issueRefreshToken());
  const fake = fakeElectron(options);
  const loginItem = { set: vi.fn(async (_enabled: boolean) => undefined) };
  engine = await openEngine({ dataDir, settings, secrets, env, clipboard: fake.electron.clipboard, clock: options.clock });
  const window = Object.assign(new EventEmitter(), { show: vi.fn(), focus: vi.fn(), isMinimized: () => false, restore: vi.fn(), isDestroyed: () => false, webContents: new FakeWebContents() });
  const own = { url: 'app://dmdrop/index.html' };
  window.webContents.mainFrame = own;
  const createWindow = vi.fn(() => window);
  shell = await startShell({
    electron: fake.electron as never,
    engine,
    settings,
    secrets,
    dataDir,
    resourcesDir: '/app/resources',
    platform: options.platform ?? 'linux',
    env,
    argv: ['/opt/dm-drop/dm-drop'],
    cwd: home,
    log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    createWindow: createWindow as never,
    isOwnUrl: (url) => url === own.url,
    isOwnFrame: (event) => (event as { senderFrame: unknown }).senderFrame === own,
    loginItem,
    startHidden: options.startHidden,
    startupProblems: options.startupProblems,
  });
  const invoke = (channel: string, payload?: unknown) => fake.ipcMain.handlers.get(channel)!({ senderFrame: own }, payload);
  const outcome = () => new Promise<void>((resolve) => engine!.on((e) => e.type === 'outcome' && resolve()));
  // `notifications` stays a live view (the fake holds them weakly).
  return Object.defineProperty({ ...fake, settings, secrets, home, window, createWindow, invoke, outcome, loginItem }, 'notifications', { get: () => fake.notifications });
}

async function photo(dir: string, name: string) {
  const path = join(dir, name);
  await writeFile(path, await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3a7' } }).jpeg().toBuffer());
  return path;
}

describe('desktop shell', () => {
  it('puts a tray with its menu up, registers hotkeys and IPC, and honours start-at-login', async () => {
    const s = await start();
    const tray = s.trays[0]!;
    expect(tray.image).toBe('/app/resources/tray-idle-dark.png');
    expect(tray.menu.filter((m) => m.label).map((m) => m.label)).toContain('Copy Last Link');
    expect([...s.shortcuts.keys()]).toEqual(['Control+Alt+Shift+L', 'Control+Alt+Shift+U']);
    expect(s.loginItem.set.mock.calls).toEqual([[false]]);
    // Every invoke channel of the contract has its handler (the rest are pushed events).
    const pushed: string[] = [IPC.progress, IPC.historyChanged, IPC.notice];
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).filter((c) => !pushed.includes(c)).sort());
    await s.invoke(IPC.updateSettings, { startAtLogin: true });
    expect(s.loginItem.set.mock.calls).toEqual([[false], [true]]);
    expect(s.settings.get().startAtLogin).toBe(true);
    // Other settings leave the login item alone.
    await s.invoke(IPC.updateSettings, { maxEdge: 1600 });
    expect(s.loginItem.set).toHaveBeenCalledTimes(2);
    // Launched by hand (not --hidden): the window opened; a tray click brings back the same one.
    expect(s.createWindow).toHaveBeenCalledTimes(1);
    tray.emit('click');
    expect(s.createWindow).toHaveBeenCalledTimes(1);
    expect(s.window.show).toHaveBeenCalledTimes(2);
  });

  it('shares files from a second launch, copies the DM text, and the hotkey copies the last link again', async () => {
    const s = await start();
    const file = await photo(s.home, 'beach.jpg');
    const done = s.outcome();
    shell!.secondLaunch(['/opt/dm-drop/dm-drop', 'beach.jpg'], s.home);
    await done;
    const live = engine!.history()[0]!;
    expect(live).toMatchObject({ file, status: 'live' });
    expect(s.clipboard).toEqual([live.dm]);
    const told = once(s.events, 'notification');
    s.shortcuts.get('Control+Alt+Shift+L')!();
    const [note] = (await told) as [{ options: { title: string } }];
    // Said only after the (asynchronous) write landed.
    expect(note.options.title).toBe('Link copied');
    expect(s.clipboard).toEqual([live.dm, live.dm]);
    // The tray's recent links now hold it; clicking one copies it.
    const menu = await s.trays[0]!.menuWhere((m) => (m.find((i) => i.label === 'Recent Links')?.submenu?.length ?? 0) > 0);
    const copiedAgain = once(s.events, 'clipboard');
    menu.find((m) => m.label === 'Recent Links')!.submenu![0]!.click!();
    await copiedAgain;
    expect(s.clipboard.at(-1)).toBe(live.dm);
    expect(await s.invoke(IPC.copyLink, { id: live.id })).toEqual({ ok: true, copied: true });
  });

  it('retries a photo that failed offline by itself, at once when the machine wakes up', async () => {
    const s = await start({ clock: instantClock() }); // a call's own retries are used up at once
    const file = await photo(s.home, 'offline.jpg');
    await emu!.networkGone();
    const failed = s.outcome();
    s.trays[0]!.emit('drop-files', {}, [file]);
    await failed;
    expect(engine!.history()[0]).toMatchObject({ file, status: 'failed' });
    expect(s.notifications.at(-1)!.options.body).toMatch(/try again by itself when the connection is back/);
    expect(shell!.watcher()!.retryWaiting).toBe(true);
    const told = s.notifications.length;
    // Woken while still offline: the retry fails again, quietly (the user was told once).
    const failedAgain = s.outcome();
    s.electron.powerMonitor.emit('resume');
    await failedAgain;
    expect(s.notifications).toHaveLength(told);
    await emu!.networkBack();
    const shared = s.outcome();
    s.electron.powerMonitor.emit('resume'); // during or after that retry: one more try either way
    await shared;
    expect(engine!.history()[0]).toMatchObject({ file, status: 'live' });
    expect(s.clipboard).toEqual([engine!.history()[0]!.dm]);
    expect(emu!.files()).toHaveLength(1);
    expect(shell!.watcher()!.retryWaiting).toBe(false);
  });

  it('shares files dropped on the tray icon, and a second launch without files opens the window', async () => {
    const s = await start();
    const file = await photo(s.home, 'dropped.jpg');
    const done = s.outcome();
    s.trays[0]!.emit('drop-files', {}, [file]);
    await done;
    expect(engine!.history()[0]).toMatchObject({ file, status: 'live' });
    s.window.show.mockClear();
    shell!.secondLaunch(['/opt/dm-drop/dm-drop'], s.home);
    expect(s.window.show).toHaveBeenCalled();
  });

  it('tells the user when a hotkey is taken, in the window and as a notification', async () => {
    const s = await start({ taken: ['Control+Alt+Shift+U'] });
    expect(shell!.hotkeyFailures.map((f) => f.accelerator)).toEqual(['Control+Alt+Shift+U']);
    const note = s.notifications.find((n) => n.options.title === 'Shortcut not available')!;
    expect(note.options.body).toMatch(/already used by another app/);
    note.emit('click');
    expect(s.createWindow).toHaveBeenCalled();
  });

  it('connects an account in the system browser and disconnects it with a revoke', async () => {
    const s = await start({ connected: false });
    expect(((await s.invoke(IPC.listAccounts)) as { accounts: { id: string; state: string }[] }).accounts).toContainEqual(expect.objectContaining({ id: 'dropbox', state: 'not-connected' }));
    const { accounts } = (await s.invoke(IPC.connectAccount, { provider: 'dropbox' })) as { accounts: { id: string; state: string }[] };
    expect(s.opened[0]).toMatch(new RegExp(`^${emu!.url}/oauth2/authorize\\?`));
    expect(accounts.find((a) => a.id === 'dropbox')!.state).toBe('connected');
    // The stored token is what sharing now uses: a photo goes all the way to a live link.
    const shared = s.outcome();
    await s.invoke(IPC.shareFiles, { paths: [await photo(s.home, 'after-connect.jpg')] });
    await shared;
    expect(engine!.history()[0]).toMatchObject({ status: 'live' });
    expect(await s.invoke(IPC.connectAccount, { provider: 'icloud' })).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNSUPPORTED' } });
    await s.invoke(IPC.disconnectAccount, { provider: 'dropbox' });
    expect(s.secrets.values.has('dropbox.refreshToken')).toBe(false);
    expect(emu!.requests.some((r) => r.route === 'auth/token/revoke' && r.status === 200)).toBe(true);
  });

  it('keeps each notification until it closes, so a click still opens the window after a garbage collection', async () => {
    const s = await start();
    shell!.notify('Link ready', 'The DM text is on your clipboard.');
    await collectGarbage();
    const onScreen = () => s.notifications.find((n) => n.options.title === 'Link ready');
    expect(onScreen(), 'collected while still on screen').toBeDefined();
    s.window.show.mockClear();
    onScreen()!.emit('click');
    expect(s.window.show).toHaveBeenCalled();
    onScreen()!.close();
    await collectGarbage();
    expect(s.notifications.find((n) => n.options.title === 'Link ready')).toBeUndefined();
  });

  it('on macOS a tray click leaves the window alone (the click opens the menu); elsewhere it opens the window', async () => {
    const mac = await start({ platform: 'darwin', startHidden: true });
    mac.trays[0]!.emit('click');
    expect(mac.createWindow).not.toHaveBeenCalled();
    await shell!.close();
    shell = undefined;
    await engine!.close();
    engine = undefined;
    await emu!.close();
    const linux = await start({ platform: 'linux', startHidden: true });
    linux.trays[0]!.emit('click');
    expect(linux.createWindow).toHaveBeenCalledTimes(1);
  });

  it('where notifications cannot be shown, the tray and the window still say what happened', async () => {
    const s = await start({ notificationsSupported: false, startHidden: true, startupProblems: ['Some settings were not valid (maxEdge), so DM Drop reset them to their defaults.'] });
    expect(s.notifications).toHaveLength(0);
    const tray = s.trays[0]!;
    await tray.menuWhere((m) => m.some((i) => /^DM Drop started with a problem: Some settings were not valid/.test(i.label ?? '')));
    expect(tray.tooltip).toMatch(/DM Drop: DM Drop started with a problem/);
    // The window was closed: the notice waits for the page, then is said once.
    shell!.openWindow();
    expect(s.window.webContents.sent.filter(([c]) => c === IPC.notice)).toHaveLength(0);
    s.window.webContents.finishLoad('app://dmdrop/index.html');
    expect(s.window.webContents.sent.filter(([c]) => c === IPC.notice)).toEqual([[IPC.notice, { kind: 'error', message: expect.stringMatching(/reset them to their defaults/) }]]);
    // Seen in the window: the tray stops repeating it.
    await tray.menuWhere((m) => !m.some((i) => /^DM Drop started with a problem/.test(i.label ?? '')));
    expect(tray.tooltip).toBe('DM Drop');
  });

  it('a notification the OS refuses (unsigned macOS builds emit "failed") is said in the tray instead', async () => {
    const s = await start({ notificationsFail: true, startHidden: true });
    shell!.notify('Link ready', 'The DM text is on your clipboard.');
    await s.trays[0]!.menuWhere((m) => m.some((i) => i.label === 'Link ready: The DM text is on your clipboard.'));
    expect(s.trays[0]!.tooltip).toBe('DM Drop: Link ready: The DM text is on your clipboard.');
  });

  it('says "copied" only once the clipboard has the text, and says so when the write fails', async () => {
    const s = await start();
    const done = s.outcome();
    shell!.share([await photo(s.home, 'copy.jpg')]);
    await done;
    const live = engine!.history()[0]!;
    s.failClipboard();
    expect(await s.invoke(IPC.copyLink, { id: live.id })).toEqual({ ok: true, copied: false });
    expect(s.notifications.map((n) => n.options.title)).not.toContain('Link copied');
    expect(s.notifications.at(-1)!.options.title).toBe('Could not copy the link');
    expect(await shell!.copyLastLink()).toBe(false);
    s.failClipboard(false);
    expect(await shell!.copyLastLink()).toBe(true);
    expect(s.notifications.at(-1)!.options.title).toBe('Link copied');
  });

  it('on Wayland a hotkey the desktop does not grant is explained with where to allow it', async () => {
    await start({ taken: ['Control+Alt+Shift+L'], env: { XDG_SESSION_TYPE: 'wayland' } });
    expect(shell!.hotkeyFailures[0]!.message).toMatch(/not granted by your desktop.*keyboard shortcut settings/);
  });
});
