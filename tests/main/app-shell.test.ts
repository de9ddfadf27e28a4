// The desktop shell's wiring with Electron replaced by a fake and everything else real: the engine,
// the Dropbox emulator, files on disk. Tray, hotkeys, file arguments from a second launch, clipboard,
// notifications, IPC, accounts through the system browser, start at login.
import { EventEmitter } from 'node:events';
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
import { FakeWebContents, fakeIpcMain } from './fake-electron';

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

type MenuItem = { label?: string; click?: () => void; submenu?: MenuItem[] };
type Template = MenuItem[];

function fakeElectron(taken: string[] = []) {
  const app = Object.assign(new EventEmitter(), { quit: vi.fn(), getVersion: () => '0.1.0', setLoginItemSettings: vi.fn() });
  const trays: FakeTray[] = [];
  class FakeTray extends EventEmitter {
    image: string;
    tooltip = '';
    menu: Template = [];
    constructor(image: string) {
      super();
      this.image = image;
      trays.push(this);
    }
    setImage(image: string) {
      this.image = image;
    }
    setToolTip(tip: string) {
      this.tooltip = tip;
    }
    setContextMenu(menu: unknown) {
      this.menu = menu as Template;
      this.emit('menu-set');
    }
    /** Resolves when the menu (now or after a later update) passes the test. */
    menuWhere(test: (menu: Template) => boolean): Promise<Template> {
      return new Promise((resolve) => {
        const check = () => (test(this.menu) ? resolve(this.menu) : this.once('menu-set', check));
        check();
      });
    }
  }
  const notifications: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    shown = false;
    constructor(readonly options: { title: string; body: string; actions?: unknown[] }) {
      super();
      notifications.push(this);
    }
    show() {
      this.shown = true;
    }
  }
  const shortcuts = new Map<string, () => void>();
  const clipboard: string[] = [];
  const opened: string[] = [];
  const ipcMain = fakeIpcMain();
  return {
    electron: {
      app,
      Tray: FakeTray,
      Menu: { buildFromTemplate: (template: unknown) => template },
      nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: true }),
      globalShortcut: {
        register: (accelerator: string, fn: () => void) => (taken.includes(accelerator) ? false : (shortcuts.set(accelerator, fn), true)),
        unregisterAll: () => shortcuts.clear(),
      },
      clipboard: { writeText: (text: string) => void clipboard.push(text) },
      Notification: FakeNotification,
      shell: {
        // The user's browser: follows the consent page's redirect back to DM Drop's loopback server.
        openExternal: async (url: string) => {
          opened.push(url);
          const consent = await fetch(url, { redirect: 'manual' });
          await fetch(consent.headers.get('location')!);
        },
      },
      dialog: { showOpenDialog: vi.fn() },
      ipcMain,
      powerMonitor: new EventEmitter(),
    },
    trays,
    notifications,
    shortcuts,
    clipboard,
    opened,
    ipcMain,
  };
}

function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
}

async function start(options: { taken?: string[]; connected?: boolean; clock?: Clock } = {}) {
  emu = await startDropboxEmulator();
  const dataDir = await tempDir();
  const home = await tempDir();
  const settings = await loadFileSettings(dataDir);
  const secrets = memorySecrets();
  const env = { HOME: home, ...emu.dmdropEnv({ signedIn: false }) };
  if (options.connected !== false) secrets.values.set('dropbox.refreshToken', emu.issueRefreshToken());
  const fake = fakeElectron(options.taken);
  engine = await openEngine({ dataDir, settings, secrets, env, clipboard: fake.electron.clipboard, clock: options.clock });
  const window = Object.assign(new EventEmitter(), { show: vi.fn(), focus: vi.fn(), isMinimized: () => false, restore: vi.fn(), isDestroyed: () => false, webContents: new FakeWebContents() });
  const createWindow = vi.fn(() => window);
  const own = { url: 'file:///app/out/renderer/index.html' };
  shell = await startShell({
    electron: fake.electron as never,
    engine,
    settings,
    secrets,
    dataDir,
    resourcesDir: '/app/resources',
    platform: 'linux',
    env,
    argv: ['/opt/dm-drop/dm-drop'],
    cwd: home,
    log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    createWindow: createWindow as never,
    isOwnUrl: (url) => url === own.url,
    isOwnFrame: (event) => (event as { senderFrame: unknown }).senderFrame === own,
  });
  const invoke = (channel: string, payload?: unknown) => fake.ipcMain.handlers.get(channel)!({ senderFrame: own }, payload);
  const outcome = () => new Promise<void>((resolve) => engine!.on((e) => e.type === 'outcome' && resolve()));
  return { ...fake, settings, secrets, home, window, createWindow, invoke, outcome };
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
    expect([...s.shortcuts.keys()]).toEqual(['CmdOrCtrl+Shift+L', 'CmdOrCtrl+Shift+U']);
    expect(s.electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
    // Every invoke channel of the contract has its handler (the rest are pushed events).
    const pushed: string[] = [IPC.progress, IPC.historyChanged, IPC.notice];
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).filter((c) => !pushed.includes(c)).sort());
    await s.invoke(IPC.updateSettings, { startAtLogin: true });
    expect(s.electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: ['--hidden'] });
    expect(s.settings.get().startAtLogin).toBe(true);
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
    s.electron.app.emit('second-instance', {}, ['/opt/dm-drop/dm-drop', 'beach.jpg'], s.home);
    await done;
    const live = engine!.history()[0]!;
    expect(live).toMatchObject({ file, status: 'live' });
    expect(s.clipboard).toEqual([live.dm]);
    s.shortcuts.get('CmdOrCtrl+Shift+L')!();
    expect(s.clipboard).toEqual([live.dm, live.dm]);
    expect(s.notifications.at(-1)!.options.title).toBe('Link copied');
    // The tray's recent links now hold it; clicking one copies it.
    const menu = await s.trays[0]!.menuWhere((m) => (m.find((i) => i.label === 'Recent Links')?.submenu?.length ?? 0) > 0);
    menu.find((m) => m.label === 'Recent Links')!.submenu![0]!.click!();
    expect(s.clipboard.at(-1)).toBe(live.dm);
    expect(await s.invoke(IPC.copyLink, { id: live.id })).toEqual({ copied: true });
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
    s.electron.app.emit('second-instance', {}, ['/opt/dm-drop/dm-drop'], s.home);
    expect(s.window.show).toHaveBeenCalled();
  });

  it('tells the user when a hotkey is taken, in the window and as a notification', async () => {
    const s = await start({ taken: ['CmdOrCtrl+Shift+U'] });
    expect(shell!.hotkeyFailures.map((f) => f.accelerator)).toEqual(['CmdOrCtrl+Shift+U']);
    const note = s.notifications.find((n) => n.options.title === 'Shortcut not available')!;
    expect(note.options.body).toMatch(/already used by another app/);
    note.emit('click');
    expect(s.createWindow).toHaveBeenCalled();
  });

  it('connects an account in the system browser and disconnects it with a revoke', async () => {
    const s = await start({ connected: false });
    expect((await s.invoke(IPC.listAccounts)) as { id: string; state: string }[]).toContainEqual(expect.objectContaining({ id: 'dropbox', state: 'not-connected' }));
    const accounts = (await s.invoke(IPC.connectAccount, { provider: 'dropbox' })) as { id: string; state: string }[];
    expect(s.opened[0]).toMatch(new RegExp(`^${emu!.url}/oauth2/authorize\\?`));
    expect(accounts.find((a) => a.id === 'dropbox')!.state).toBe('connected');
    // The stored token is what sharing now uses: a photo goes all the way to a live link.
    const shared = s.outcome();
    await s.invoke(IPC.shareFiles, { paths: [await photo(s.home, 'after-connect.jpg')] });
    await shared;
    expect(engine!.history()[0]).toMatchObject({ status: 'live' });
    await expect(s.invoke(IPC.connectAccount, { provider: 'icloud' })).rejects.toMatchObject({ code: 'PROVIDER_UNSUPPORTED' });
    await s.invoke(IPC.disconnectAccount, { provider: 'dropbox' });
    expect(s.secrets.values.has('dropbox.refreshToken')).toBe(false);
    expect(emu!.requests.some((r) => r.route === 'auth/token/revoke' && r.status === 200)).toBe(true);
  });
});
