// The app after `ready`, with Electron passed in: settings (a bad file is reset, not fatal), token
// storage, the log, the engine with Electron-backed ports, the page's app:// handler and the shell.
// index.ts calls it for a normal start and for --self-test; tests call it with the fake Electron.
import { join } from 'node:path';
import type { Protocol, SafeStorage, WebContents } from 'electron';
import type ElectronStore from 'electron-store';
import { startDemoProvider } from './demo-mode';
import type { BuiltInClients } from '../core/providers/oauth-client';
import { openEngine, type Engine } from '../core/engine/engine';
import { createRotatingLog, type Logger } from '../core/logging/rotating-log';
import type { SecretStore } from '../core/ports/secret-store';
import type { OsInputs } from '../core/watch/screenshot-folders';
import { providerForSecret } from '../core/providers/provider-list';
import { openSettingsResetting } from './adapters/electron-store-settings';
import { createSafeStorageSecrets } from './adapters/safe-storage-secrets';
import { startShell, type Shell, type ShellElectron, type ShellOptions } from './shell/app-shell';
import type { LoginItem } from './shell/login-item';
import { isSamePage, RENDERER_SCHEME, rendererProtocolHandler } from './windows/renderer-protocol';

export interface DesktopElectron extends ShellElectron {
  app: ShellElectron['app'];
  protocol: Pick<Protocol, 'handle'>;
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend' | 'setUsePlainTextEncryption'>;
}

export type DropWindow = ReturnType<ShellOptions['createWindow']> & { webContents: Pick<WebContents, 'once' | 'executeJavaScript'> & { mainFrame: { url: string } } };

export interface DesktopConfig {
  electron: DesktopElectron;
  Store: typeof ElectronStore;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** DM Drop's own OAuth clients, embedded at build time (out/main/oauth-clients.json); none in a self-built copy. */
  builtInClients?: BuiltInClients;
  argv: string[];
  cwd: string;
  dataDir: string;
  /** out/renderer: what app://dmdrop/ serves. */
  rendererDir: string;
  resourcesDir: string;
  /** The page the window loads: app://dmdrop/index.html, or the dev server's URL. */
  pageUrl: string;
  createWindow: (url: string) => DropWindow;
  /** Called with each window as it is created (the self-test listens to its loading). */
  onWindow?: (window: DropWindow) => void;
  /** The self-test keeps tokens in memory: it never touches the person's keychain. */
  secrets?: SecretStore;
  loginItem?: LoginItem;
  startHidden?: boolean;
  /** This computer: its home (the drop folder goes there) and where screenshots go. */
  osInputs: OsInputs;
  log?: Logger;
}

export interface Desktop {
  shell: Shell;
  engine: Engine;
  log: Logger;
  /** Trays the shell created (the self-test checks there is one). */
  trays: unknown[];
  startDemo(): Promise<void>;
  close(): Promise<void>;
}

export async function startDesktop(config: DesktopConfig): Promise<Desktop> {
  const { electron } = config;
  const log = config.log ?? createRotatingLog({ dir: join(config.dataDir, 'logs') });
  const problems: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  const { settings, problem } = openSettingsResetting(config.Store, { dataDir: config.dataDir });
  if (problem) {
    log.warn(problem);
    problems.push(problem);
  }
  const unreadable = new Set<string>();
  const secrets =
    config.secrets ??
    createSafeStorageSecrets(electron.safeStorage, config.dataDir, () => settings.get().allowUnencryptedTokens, (key, error) => {
      if (unreadable.has(key)) return;
      unreadable.add(key);
      log.warn(`stored token ${key} could not be decrypted`, error);
      const said = `Your ${providerForSecret(key)?.name ?? key} sign-in could not be read on this computer (the system keychain did not unlock it), so it shows as not connected. Connect it again in Settings → Accounts.`;
      if (shell) shell.notify('Sign-in needed', said);
      else problems.push(said);
    });

  electron.protocol.handle(RENDERER_SCHEME, rendererProtocolHandler(config.rendererDir));

  // Until the shell is up, notifications are plain; then they open the window on click.
  let shell: Shell | undefined;
  const early: [string, string][] = [];
  const engine = await openEngine({
    dataDir: config.dataDir,
    settings,
    secrets,
    env: config.env,
    builtInClients: config.builtInClients,
    clipboard: { writeText: (text) => electron.clipboard.writeText(text) },
    notifier: { notify: ({ title, body }) => (shell ? shell.notify(title, body) : early.push([title, body])) },
  });
  closers.push(() => engine.close());

  const ownContents = new WeakSet<object>();
  const trays: unknown[] = [];
  const RecordingTray = function (image: string) {
    const tray = new electron.Tray(image);
    trays.push(tray);
    return tray;
  } as unknown as ShellElectron['Tray'];
  const startDemo = async () => {
    const demo = await startDemoProvider();
    Object.assign(config.env, demo.env);
    closers.unshift(() => demo.close());
  };
  try {
    shell = await startShell({
      // Named one by one: spreading Electron's module would load every lazily defined API.
      electron: {
        app: electron.app,
        Tray: RecordingTray,
        Menu: electron.Menu,
        nativeTheme: electron.nativeTheme,
        globalShortcut: electron.globalShortcut,
        clipboard: electron.clipboard,
        Notification: electron.Notification,
        shell: electron.shell,
        dialog: electron.dialog,
        ipcMain: electron.ipcMain,
        powerMonitor: electron.powerMonitor,
      },
      engine,
      settings,
      secrets,
      dataDir: config.dataDir,
      resourcesDir: config.resourcesDir,
      platform: config.platform,
      env: config.env,
      builtInClients: config.builtInClients,
      argv: config.argv,
      cwd: config.cwd,
      log,
      createWindow: () => {
        const window = config.createWindow(config.pageUrl);
        ownContents.add(window.webContents);
        config.onWindow?.(window);
        return window;
      },
      // The sender must be the main frame of one of our windows, showing the page we loaded.
      isOwnUrl: (url) => isSamePage(url, config.pageUrl),
      isOwnFrame: (event) => ownContents.has(event.sender) && event.senderFrame === (event.sender as { mainFrame?: unknown }).mainFrame,
      osInputs: config.osInputs,
      startDemo,
      loginItem: config.loginItem,
      startHidden: config.startHidden,
      startupProblems: problems,
    });
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
  for (const [title, body] of early) shell.notify(title, body);
  const running = shell;
  return {
    shell: running,
    engine,
    log,
    trays,
    startDemo,
    close: async () => {
      await running.close();
      for (const close of closers) await close().catch((error: unknown) => log.warn('close failed', error));
    },
  };
}
