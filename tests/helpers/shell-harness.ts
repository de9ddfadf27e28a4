// The desktop shell as the tests of its setups meet it: startShell with the one fake Electron and
// everything else real (the engine, the Dropbox emulator, files on disk, a temporary home).
import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, vi } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine, type Engine } from '../../src/core/engine/engine';
import type { Clock } from '../../src/core/ports/clock';
import type { SecretStore } from '../../src/core/ports/secret-store';
import type { OsInputs } from '../../src/core/watch/screenshot-folders';
import { startShell, type Shell } from '../../src/main/shell/app-shell';
import { fakeElectron, FakeWebContents, type FakeElectronOptions } from './fake-electron';
import { fakeOs } from './fake-os';
import { useTempDirs } from './temp-dir';

export function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
}

export interface ShellStartOptions extends FakeElectronOptions {
  connected?: boolean;
  /** The engine's clock. */
  clock?: Clock;
  /** The shell's clock (background link checks). */
  shellClock?: Clock;
  env?: NodeJS.ProcessEnv;
  startupProblems?: string[];
  startHidden?: boolean;
  osInputs?: (home: string) => OsInputs;
}

/** `start()` brings a shell up; whatever it started is closed after each test (or by `stop()`). */
export function useShellHarness() {
  const tempDir = useTempDirs();
  let running: { emu: DropboxEmulator; engine?: Engine; shell?: Shell } | undefined;
  const stop = async () => {
    const r = running;
    running = undefined;
    await r?.shell?.close();
    await r?.engine?.close();
    await r?.emu.close();
  };
  afterEach(stop);

  async function start(options: ShellStartOptions = {}) {
    const emu = await startDropboxEmulator();
    running = { emu };
    const dataDir = await tempDir();
    const home = await tempDir();
    const settings = await loadFileSettings(dataDir);
    const secrets = memorySecrets();
    const env = { HOME: home, ...emu.dmdropEnv({ signedIn: false }), ...options.env };
    if (options.connected !== false) secrets.values.set('dropbox.refreshToken', emu.issueRefreshToken());
    const fake = fakeElectron(options);
    const loginItem = { set: vi.fn(async (_enabled: boolean) => undefined) };
    const engine = await openEngine({ dataDir, settings, secrets, env, clipboard: fake.electron.clipboard, clock: options.clock });
    running.engine = engine;
    const window = Object.assign(new EventEmitter(), { show: vi.fn(), focus: vi.fn(), isMinimized: () => false, restore: vi.fn(), isDestroyed: () => false, webContents: new FakeWebContents() });
    const own = { url: 'app://dmdrop/index.html' };
    window.webContents.mainFrame = own;
    const createWindow = vi.fn(() => window);
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const shell = await startShell({
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
      log,
      createWindow: createWindow as never,
      isOwnUrl: (url) => url === own.url,
      isOwnFrame: (event) => (event as { senderFrame: unknown }).senderFrame === own,
      osInputs: options.osInputs?.(home) ?? fakeOs('linux', home),
      loginItem,
      startHidden: options.startHidden,
      startupProblems: options.startupProblems,
      clock: options.shellClock,
    });
    running.shell = shell;
    const invoke = (channel: string, payload?: unknown) => fake.ipcMain.handlers.get(channel)!({ senderFrame: own }, payload);
    const outcome = () => new Promise<void>((resolve) => engine.on((e) => e.type === 'outcome' && resolve()));
    // `notifications` stays a live view (the fake holds them weakly).
    return Object.defineProperty({ ...fake, emu, engine, shell, settings, secrets, home, dataDir, window, createWindow, invoke, outcome, loginItem, log }, 'notifications', { get: () => fake.notifications });
  }

  return { start, stop, tempDir };
}

export async function photo(dir: string, name: string, background = '#3a7'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, await sharp({ create: { width: 320, height: 200, channels: 3, background } }).jpeg().toBuffer());
  return path;
}
