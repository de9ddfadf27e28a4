// The app window in a real browser: the built renderer served over loopback, a real Chromium (the
// developer's own, else an npm-shipped one: find-chromium.ts) driven by playwright-core, and
// window.api provided by a bridge to the real shell (startShell with Electron faked) whose engine
// talks to the Dropbox emulator. Calls go through the same IPC handlers (and zod validation) the
// preload reaches, the way Electron's invoke carries them: arguments and results structured-cloned,
// and a handler's throw flattened to "Error invoking remote method '…': …" with its code gone
// (fakeIpcMain().reply). Pushed events come back the way webContents.send sends them.
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine, type Engine } from '../../src/core/engine/engine';
import type { Clock } from '../../src/core/ports/clock';
import type { SecretStore } from '../../src/core/ports/secret-store';
import { startShell, type Shell } from '../../src/main/shell/app-shell';
import { fakeIpcMain } from '../helpers/fake-electron';
import { fakeOs } from '../helpers/fake-os';
import { CHROMIUM_ARGS, findChromium } from './find-chromium';

const root = join(import.meta.dirname, '../..');
const rendererDir = join(root, 'out/renderer');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Builds the renderer and serves it; one per test file. */
export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    const file = join(rendererDir, path || 'index.html');
    if (!file.startsWith(rendererDir)) return void res.writeHead(403).end();
    readFile(file).then(
      (data) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
}

export type TrayItem = { label?: string; enabled?: boolean; click?: () => void };

export interface AppUnderTest {
  page: Page;
  emu: DropboxEmulator;
  engine: Engine;
  shell: Shell;
  clipboard: string[];
  settingsFile: string;
  dataDir: string;
  /** Electron's powerMonitor as the shell sees it: emit 'resume' for a wake from sleep. */
  powerMonitor: EventEmitter;
  /** The tray menu as last built (items with label, enabled and click). */
  trayMenu(): TrayItem[];
  close(): Promise<void>;
}

/** The window-side bridge, as the preload builds window.api (channel names from the contract). */
function installBridge() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  type Reply = { result: unknown; error?: undefined } | { error: string };
  const w = window as unknown as Record<string, unknown> & { __dmdropInvoke(channel: string, args: unknown[]): Promise<Reply> };
  // ipcRenderer.invoke (lib/renderer/api/ipc-renderer.ts): the arguments are structured-cloned (a
  // function throws), and an error from main becomes a new Error carrying only its string.
  const invoke = async (channel: string, ...args: unknown[]) => {
    const reply = await w.__dmdropInvoke(channel, structuredClone(args));
    if (reply.error !== undefined) throw new Error(`Error invoking remote method '${channel}': ${reply.error}`);
    return reply.result;
  };
  w.__dmdropEmit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  const on = (channel: string) => (listener: (payload: unknown) => void) => {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(listener);
    return () => listeners.get(channel)!.delete(listener);
  };
  const call = (channel: string) => (...args: unknown[]) => invoke(channel, ...args);
  w.api = {
    getInfo: call('app:get-info'),
    shareFiles: call('share:files'),
    sharePasted: call('share:pasted'),
    openLink: call('history:open'),
    checkHealth: call('history:check'),
    pickFolder: call('settings:pick-folder'),
    startDemo: call('app:start-demo'),
    listHistory: (request: unknown = {}) => invoke('history:list', request),
    copyLink: call('history:copy'),
    copyPassword: call('share:copy-password'),
    revokeLink: call('history:revoke'),
    deleteFile: call('history:delete'),
    getSettings: call('settings:get'),
    updateSettings: call('settings:update'),
    listAccounts: call('accounts:list'),
    connectAccount: call('accounts:connect'),
    disconnectAccount: call('accounts:disconnect'),
    clientGuide: call('accounts:client-guide'),
    saveClient: call('accounts:save-client'),
    onProgress: on('jobs:progress'),
    onHistoryChanged: on('history:changed'),
    onNotice: on('shell:notice'),
    onShowView: on('window:show-view'),
    // A sandboxed page has no file paths; the tests register where each named file lives on disk.
    pathForFile: (file: File) => (w.__testPaths as Record<string, string> | undefined)?.[file.name] ?? file.name,
  };
}

export interface OpenAppOptions {
  firstRunDone?: boolean;
  clock?: Clock;
  /** A copy built without DM Drop's own Dropbox app, started without one in its environment: the guide's case. */
  withoutDropboxAppKey?: boolean;
  /** What the system browser does with a page the shell opens (default: nothing); e.g. visit the emulator's consent page. */
  openExternal?: (url: string) => Promise<void>;
  /** The emulated Dropbox plan: 'pro' can set link passwords, 'basic' (the default) is refused. */
  accountType?: 'basic' | 'pro';
}

export async function openApp(browser: Browser, url: string, dataDir: string, options: OpenAppOptions = {}): Promise<AppUnderTest> {
  const emu = await startDropboxEmulator({ accountType: options.accountType });
  const settings = await loadFileSettings(dataDir);
  if (options.firstRunDone !== false) await settings.update({ firstRunDone: true });
  const values = new Map<string, string>([['dropbox.refreshToken', emu.issueRefreshToken()]]);
  const secrets: SecretStore = { get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
  const env: NodeJS.ProcessEnv = { HOME: dataDir, ...emu.dmdropEnv({ signedIn: false }) };
  if (options.withoutDropboxAppKey) delete env.DMDROP_DROPBOX_APP_KEY;
  const clipboard: string[] = [];
  const engine = await openEngine({ dataDir, settings, secrets, env, clock: options.clock, clipboard: { writeText: (t) => void clipboard.push(t) } });
  const powerMonitor = new EventEmitter();
  let trayMenu: TrayItem[] = [];
  const page = await browser.newPage({ viewport: { width: 760, height: 820 } });
  const ipcMain = fakeIpcMain();
  const own = { url };
  const webContents = Object.assign(new EventEmitter(), {
    send: (channel: string, payload: unknown) => void page.evaluate(([c, p]) => (window as unknown as { __dmdropEmit(c: string, p: unknown): void }).__dmdropEmit(c, p), [channel, payload] as const).catch(() => undefined),
  });
  const window = Object.assign(new EventEmitter(), { show: () => undefined, focus: () => undefined, isMinimized: () => false, restore: () => undefined, isDestroyed: () => false, webContents });
  const silent = class extends EventEmitter {
    static isSupported = () => true;
    show() {}
  };
  const shell = await startShell({
    electron: {
      app: Object.assign(new EventEmitter(), { quit: () => undefined, getVersion: () => '0.1.0', setLoginItemSettings: () => undefined }),
      Tray: class extends EventEmitter {
        setImage() {}
        setToolTip() {}
        setContextMenu(menu: typeof trayMenu) {
          trayMenu = menu;
        }
      },
      Menu: { buildFromTemplate: (t: unknown) => t },
      nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
      globalShortcut: { register: () => true, unregisterAll: () => undefined },
      clipboard: { writeText: async (t: string) => void clipboard.push(t) },
      Notification: silent,
      shell: { openExternal: options.openExternal ?? (async () => undefined) },
      dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
      ipcMain,
      powerMonitor,
    } as never,
    engine,
    settings,
    secrets,
    dataDir,
    resourcesDir: join(root, 'resources'),
    platform: 'linux',
    env,
    argv: ['dm-drop', '--hidden'],
    cwd: dataDir,
    osInputs: fakeOs('linux', dataDir),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    createWindow: () => window as never,
    isOwnUrl: (u) => u === url,
    isOwnFrame: (event) => (event as { senderFrame: unknown }).senderFrame === own,
  });
  await page.exposeFunction('__dmdropInvoke', (channel: string, args: unknown[]) => ipcMain.reply(channel, { senderFrame: own }, args));
  await page.addInitScript(installBridge);
  await page.goto(url);
  shell.openWindow(); // the shell now sends its events to this page
  webContents.emit('did-finish-load'); // it has loaded already (page.goto resolved on load)
  return {
    page,
    emu,
    engine,
    shell,
    clipboard,
    dataDir,
    powerMonitor,
    trayMenu: () => trayMenu,
    settingsFile: join(dataDir, 'settings.json'),
    close: async () => {
      await page.close();
      await shell.close();
      await engine.close();
      await emu.close();
    },
  };
}

/**
 * A test file's window under test: one served renderer and one Chromium for the file, and the app
 * each test opens closed after that test. `open` is openApp without the browser plumbing.
 */
export function useAppWindow() {
  let browser: Browser | undefined;
  let served: Awaited<ReturnType<typeof serveRenderer>> | undefined;
  let current: AppUnderTest | undefined;
  beforeAll(async () => {
    served = await serveRenderer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async open(dataDir: string, options?: OpenAppOptions): Promise<AppUnderTest> {
      current = await openApp(browser!, served!.url, dataDir, options);
      return current;
    },
  };
}
