// The desktop shell, with Electron passed in (index.ts passes the real module; tests pass a fake).
// startShell reads as the list of its features, each a small setup that registers its own
// handlers: the window, notifications, the clipboard (copying links, sharing what is on it), accounts, the tray, sharing, link health,
// hotkeys, start at login, IPC, the watcher and file arguments. Every decision is the engine's;
// this only connects Electron to it. What happens before the shell exists (the single-instance
// lock, files opened during start, start failures) is lifecycle/launch-app.ts.
import type { App, Clipboard, Dialog, GlobalShortcut, IpcMain, Menu, NativeTheme, Notification, PowerMonitor, Shell as ElectronShellModule, Tray } from 'electron';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/rotating-log';
import type { Clock } from '../../core/ports/clock';
import type { SecretStore } from '../../core/ports/secret-store';
import type { SettingsPort } from '../../core/ports/settings-store';
import { listProviders } from '../../core/providers/provider-catalog';
import type { AutoShare } from '../../core/watch/auto-share';
import type { OsInputs } from '../../core/watch/screenshot-folders';
import type { HotkeyBindings } from '../../shared/hotkeys';
import type { ProviderId } from '../../shared/settings-schema';
import { electronClipboard } from '../adapters/electron-clipboard';
import type { registerIpc } from '../ipc/register-ipc';
import type { HotkeyFailure } from './hotkeys';
import type { LoginItem } from './login-item';
import { setupAccounts } from './setup-accounts';
import type { BuiltInClients } from '../../core/providers/oauth-client';
import { setupClipboard } from './setup-clipboard';
import { setupFileArguments } from './setup-file-arguments';
import { hotkeyActions, setupHotkeys } from './setup-hotkeys';
import { setupIpc } from './setup-ipc';
import { setupLinkHealth } from './setup-link-health';
import { setupLoginItem } from './setup-login-item';
import { setupNotifications } from './setup-notifications';
import { setupOpenExternal } from './setup-open-external';
import { setupShareClipboard } from './setup-share-clipboard';
import { setupSharing, type Sharing } from './setup-sharing';
import { setupTray, type TrayHandle } from './setup-tray';
import { setupWatcher } from './setup-watcher';
import { setupWindow, type ShellWindow } from './setup-window';
import type { TrayMenuState } from './tray-menu';

/** The slice of Electron the shell uses; the real module satisfies it. */
export interface ShellElectron {
  app: Pick<App, 'on' | 'quit' | 'getVersion'>;
  Tray: new (image: string) => Pick<Tray, 'setContextMenu' | 'setImage' | 'setToolTip' | 'on'>;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors' | 'on'>;
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregisterAll'>;
  /** Promise-based since Electron 44/45 (docs/breaking-changes.md); read() gives ClipboardItems. */
  clipboard: Pick<Clipboard, 'writeText' | 'read'>;
  Notification: (new (options: { title: string; body: string; actions?: { type: 'button'; text: string }[] }) => Pick<Notification, 'show' | 'on'>) & { isSupported(): boolean };
  shell: Pick<ElectronShellModule, 'openExternal'>;
  dialog: Pick<Dialog, 'showOpenDialog'>;
  ipcMain: Pick<IpcMain, 'handle'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
}

export interface ShellOptions {
  electron: ShellElectron;
  engine: Engine;
  settings: SettingsPort;
  secrets: SecretStore;
  dataDir: string;
  resourcesDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The OAuth clients built into this copy (out/main/oauth-clients.json); none in a self-built copy. */
  builtInClients?: BuiltInClients;
  argv: string[];
  cwd: string;
  log: Logger;
  /** Opens (or focuses) the drop window. */
  createWindow: () => ShellWindow;
  isOwnUrl: (url: string) => boolean;
  isOwnFrame: Parameters<typeof registerIpc>[0]['isOwnFrame'];
  /** This computer: its home (the drop folder's), and where screenshots go. */
  osInputs: OsInputs;
  /** Demo mode: starts the built-in emulator and points DM Drop at it (index.ts provides it). */
  startDemo?: () => Promise<void>;
  /** Start at login; absent in development runs and the self-test, which must never register one. */
  loginItem?: LoginItem;
  /** Started by the OS at login (or with --hidden): stay in the tray, open no window. */
  startHidden?: boolean;
  /** Things that went wrong during start but did not stop it (a reset settings file, a lost sign-in). */
  startupProblems?: string[];
  /** The clock background link checks wait on (tests pass one they move). */
  clock?: Clock;
}

export interface Shell {
  state(): TrayMenuState;
  hotkeyFailures: HotkeyFailure[];
  /** Shares files given on a command line (first launch, or a second launch forwarded here). */
  openFiles(argv: string[], cwd: string): string[];
  /** A second launch: its files are shared; without files it brings the window up. */
  secondLaunch(argv: string[], cwd: string): void;
  share(paths: string[]): void;
  copyLastLink(): Promise<boolean>;
  /** Shares the image or the copied files on the clipboard (the hotkey and the tray item do this). */
  shareClipboard(): Promise<unknown>;
  openWindow(): void;
  watcher(): AutoShare | undefined;
  /** The engine's notifier port in the app: a click opens the window. */
  notify(title: string, body: string): void;
  close(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<Shell> {
  const { electron, engine, settings, log, platform, env } = options;
  // Set up later than the features that point at them (the tray needs the menu's actions first).
  const late: { tray?: TrayHandle; sharing?: Sharing; watcher?: AutoShare } = {};

  const window = setupWindow({ createWindow: options.createWindow, log, onOpened: () => late.tray?.seen() });
  const notifications = setupNotifications({
    Notification: electron.Notification,
    platform,
    log,
    openWindow: window.open,
    notShown: (text) => late.tray?.say(text),
    notice: window.notice,
    needsAttention: () => late.tray?.needsAttention(),
  });
  const clipboard = setupClipboard({ clipboard: electron.clipboard, engine, log, notifications });
  const openExternal = setupOpenExternal({ shell: electron.shell, engine, env, log });
  const accounts = setupAccounts({ settings, secrets: options.secrets, env, builtInClients: options.builtInClients, openExternal, changed: () => void late.tray?.refresh() });
  const share = (paths: string[]) => late.sharing?.share(paths);
  const shareClipboard = setupShareClipboard({ clipboard: electronClipboard(electron.clipboard, platform), engine, dataDir: options.dataDir, share, notifications, log });
  void shareClipboard.sweep();
  const hotkeyAction = hotkeyActions({ copyLastLink: clipboard.copyLastLink, openWindow: window.open, shareClipboard: shareClipboard.shareClipboard });

  const tray = (late.tray = await setupTray({
    electron,
    resourcesDir: options.resourcesDir,
    platform,
    state: async () => {
      const recent = clipboard.recentLinks();
      return {
        recent,
        lastLink: recent[0],
        autoUploadPaused: late.watcher?.isPaused ?? false,
        providers: await listProviders(settings.get(), options.secrets, env, undefined, options.builtInClients),
        hotkeys: Object.fromEntries(Object.entries(settings.get().hotkeys).filter(([, accelerator]) => accelerator)) as Partial<HotkeyBindings>,
      };
    },
    actions: {
      sharePhotos: () => void sharePhotos(),
      copyLink: (link) => void clipboard.copyLink(link),
      showQrCode: (link) => window.open({ view: 'qr', id: link.id }),
      togglePause: () => (late.watcher?.isPaused ? late.watcher.unpause() : late.watcher?.pause()),
      setDefaultProvider: (id: ProviderId) => void settings.update({ defaultProvider: id }).then(() => late.tray?.refresh()),
      openWindow: () => window.open(),
      quit: () => electron.app.quit(),
      hotkeys: hotkeyAction,
    },
    openWindow: window.open,
    share,
  }));
  const sharePhotos = async () => {
    const picked = await electron.dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'], filters: [{ name: 'Photos', extensions: ['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'gif', 'avif', 'tif', 'tiff'] }] });
    if (!picked.canceled) share(picked.filePaths);
  };

  const sharing = (late.sharing = setupSharing({ engine, dataDir: options.dataDir, log, window, tray, notifications }));
  const health = setupLinkHealth({ engine, window, log, clock: options.clock });
  const hotkeys = setupHotkeys({
    globalShortcut: electron.globalShortcut,
    actions: hotkeyAction,
    wayland: platform === 'linux' && env.XDG_SESSION_TYPE === 'wayland',
    log,
    notice: window.notice,
    needsAttention: tray.needsAttention,
    notify: notifications.notify,
    openWindow: window.open,
  });
  const loginItem = setupLoginItem({ loginItem: options.loginItem, log, tell: notifications.tell });
  const applySettings = () => {
    const current = settings.get();
    loginItem.apply(current.startAtLogin);
    hotkeys.apply(current.hotkeys);
    void late.tray?.refresh();
  };

  setupIpc({
    electron,
    engine,
    platform,
    isOwnUrl: options.isOwnUrl,
    isOwnFrame: options.isOwnFrame,
    onProgress: sharing.onProgress,
    shell: {
      copy: clipboard.copy,
      settings: {
        get: () => settings.get(),
        update: async (patch) => {
          const next = await settings.update(patch);
          applySettings();
          return next;
        },
      },
      accounts,
      share: sharing.share,
      sharePasted: sharing.sharePasted,
      openExternal,
      health: { get: (id) => health.get(id), check: async (id) => void (await health.check(id)) },
      pickFolder: async () => {
        const picked = await electron.dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
        return picked.canceled ? undefined : picked.filePaths[0];
      },
      startDemo: async () => {
        if (!options.startDemo) throw new Error('Demo mode is not available in this build.');
        await options.startDemo();
        await settings.update({ defaultProvider: 'dropbox' });
        void late.tray?.refresh();
      },
    },
  });

  applySettings();
  for (const problem of options.startupProblems ?? []) notifications.tell('DM Drop started with a problem', problem);
  const watcher = (late.watcher = await setupWatcher({
    engine,
    dataDir: options.dataDir,
    settings,
    osInputs: options.osInputs,
    powerMonitor: electron.powerMonitor,
    log,
    notify: notifications.notify,
    copy: clipboard.copy,
    changed: () => void tray.refresh(),
  }));
  const files = setupFileArguments({ share, openWindow: window.open });
  const launchedWithFiles = files.openFiles(options.argv, options.cwd).length > 0;
  if (!launchedWithFiles && !options.startHidden) window.open();
  log.info(`shell started (version ${electron.app.getVersion()}, ${platform})`);

  return {
    state: () => tray.state(),
    get hotkeyFailures() {
      return hotkeys.failures();
    },
    openFiles: files.openFiles,
    secondLaunch: files.secondLaunch,
    share,
    copyLastLink: clipboard.copyLastLink,
    openWindow: window.open,
    watcher: () => watcher,
    notify: (title, body) => notifications.notify(title, body),
    shareClipboard: shareClipboard.shareClipboard,
    close: async () => {
      await shareClipboard.close();
      health.close();
      hotkeys.close();
      await watcher.close();
    },
  };
}
