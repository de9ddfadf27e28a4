// The desktop shell's wiring, with Electron passed in (index.ts passes the real module; tests pass a
// fake): the tray and its menu, hotkeys, the drop window, file arguments and second launches, the
// auto-upload watcher, clipboard and notifications, accounts, settings, start at login, logs.
// Every decision is the engine's; this only connects Electron to it. What happens before the shell
// exists (the single-instance lock, files opened during start, start failures) is lifecycle/launch-app.ts.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App, BrowserWindow, Clipboard, Dialog, GlobalShortcut, IpcMain, Menu, NativeTheme, Notification, PowerMonitor, Shell as ElectronShellModule, Tray } from 'electron';
import type { Engine } from '../../core/engine/engine';
import { connectAccount, disconnectAccount } from '../../core/auth/accounts';
import { listProviders } from '../../core/providers/provider-catalog';
import type { Logger } from '../../core/logging/rotating-log';
import type { SecretStore } from '../../core/ports/secret-store';
import type { SettingsPort } from '../../core/ports/settings-store';
import { AutoShare, type WatchedFolder, type WatchEvent } from '../../core/watch/auto-share';
import { findScreenshotFolders, type OsInputs } from '../../core/watch/screenshot-folders';
import { TRANSIENT_CODES } from '../../shared/errors';
import { IPC, type ProgressEvent, type ShellNotice } from '../../shared/ipc-contract';
import type { ProviderId } from '../../shared/settings-schema';
import { createEngineFacade, reportRefusedBatch, type LinkHealthRecord, type ShareChoices } from '../engine-facade';
import { registerIpc } from '../ipc/register-ipc';
import { filesFromArgv } from './argv-files';
import { isAllowedExternal } from './external-links';
import { registerHotkeys, type HotkeyFailure } from './hotkeys';
import type { LoginItem } from './login-item';
import { buildTrayMenu, trayIconName, trayTooltip, type RecentLink, type TrayMenuState } from './tray-menu';

/** The slice of Electron the shell uses; the real module satisfies it. */
export interface ShellElectron {
  app: Pick<App, 'on' | 'quit' | 'getVersion'>;
  Tray: new (image: string) => Pick<Tray, 'setContextMenu' | 'setImage' | 'setToolTip' | 'on'>;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors' | 'on'>;
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregisterAll'>;
  /** writeText returns a Promise since Electron 44 (docs/breaking-changes.md). */
  clipboard: Pick<Clipboard, 'writeText'>;
  Notification: (new (options: { title: string; body: string; actions?: { type: 'button'; text: string }[] }) => Pick<Notification, 'show' | 'on'>) & { isSupported(): boolean };
  shell: Pick<ElectronShellModule, 'openExternal'>;
  dialog: Pick<Dialog, 'showOpenDialog'>;
  ipcMain: Pick<IpcMain, 'handle'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
}

const EXPIRY_MS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;

export interface ShellOptions {
  electron: ShellElectron;
  engine: Engine;
  settings: SettingsPort;
  secrets: SecretStore;
  dataDir: string;
  resourcesDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  argv: string[];
  cwd: string;
  log: Logger;
  /** Opens (or focuses) the drop window; the view is a hint for the page. */
  createWindow: () => Pick<BrowserWindow, 'show' | 'focus' | 'isMinimized' | 'restore' | 'isDestroyed' | 'on'> & { webContents: Pick<BrowserWindow['webContents'], 'send' | 'on'> };
  isOwnUrl: (url: string) => boolean;
  isOwnFrame: Parameters<typeof registerIpc>[0]['isOwnFrame'];
  osInputs?: OsInputs;
  /** Demo mode: starts the built-in emulator and points DM Drop at it (index.ts provides it). */
  startDemo?: () => Promise<void>;
  /** Start at login; absent in development runs and the self-test, which must never register one. */
  loginItem?: LoginItem;
  /** Started by the OS at login (or with --hidden): stay in the tray, open no window. */
  startHidden?: boolean;
  /** Things that went wrong during start but did not stop it (a reset settings file, a lost sign-in). */
  startupProblems?: string[];
  /** How often one live link is re-checked in the background (each link at most every `healthMaxAgeMs`). */
  healthIntervalMs?: number;
  healthMaxAgeMs?: number;
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
  openWindow(): void;
  watcher(): AutoShare | undefined;
  /** The engine's notifier port in the app: a click opens the window. */
  notify(title: string, body: string): void;
  close(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<Shell> {
  const { electron, engine, settings, log } = options;
  let window: ReturnType<ShellOptions['createWindow']> | undefined;
  const uploading = new Set<string>();
  // Made after the tray (it needs the engine's resume), read by the tray's closures before that.
  const auto: { watcher?: AutoShare } = {};
  let needsAttention = false;
  let lastMessage: string | undefined;
  let hotkeyFailures: HotkeyFailure[] = [];
  let pageLoaded = false;
  // Notices said while no page is there to hear them: shown when the window next loads.
  const unheard: ShellNotice[] = [];

  const send = (channel: string, payload?: unknown) => {
    if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
  };
  const notice = (n: ShellNotice) => {
    if (window && !window.isDestroyed() && pageLoaded) return send(IPC.notice, n);
    unheard.push(n);
    if (unheard.length > 20) unheard.shift(); // a tray-only run never opens the window
  };

  const openWindow = () => {
    if (!window || window.isDestroyed()) {
      pageLoaded = false;
      const created = options.createWindow();
      window = created;
      created.on('closed', () => {
        if (window === created) window = undefined;
      });
      created.webContents.on('did-finish-load', () => {
        pageLoaded = true;
        for (const n of unheard.splice(0)) send(IPC.notice, n);
      });
      created.webContents.on('did-fail-load', (_event: unknown, code: number, description: string, url: string) => log.error(`the window did not load ${url}: ${description} (${code})`));
    } else if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    // The window says it all (notices wait for its page): the tray can stop saying it.
    needsAttention = false;
    lastMessage = undefined;
    void refreshTray();
  };

  // Electron's click and action handlers live on the JS object: one nobody holds is garbage
  // collected with its handlers. Each is kept until it closes or fails (the newest 20 at most,
  // since 'close' is not guaranteed on every OS).
  const shown = new Set<InstanceType<ShellElectron['Notification']>>();
  /** Where a notification cannot appear (unsupported, or refused: unsigned macOS builds), the tray says it. */
  const notShown = (title: string, body: string) => {
    lastMessage = `${title}: ${body}`;
    void refreshTray();
  };
  const notify = (title: string, body: string, extra: { onClick?: () => void; cancel?: () => void } = {}) => {
    if (!electron.Notification.isSupported()) return notShown(title, body);
    // Actions (a Cancel button) exist on macOS; elsewhere the notification is plain.
    const actions = extra.cancel && options.platform === 'darwin' ? [{ type: 'button' as const, text: 'Cancel' }] : undefined;
    const n = new electron.Notification({ title, body, actions });
    n.on('click', () => (extra.onClick ?? openWindow)());
    if (extra.cancel) n.on('action', () => extra.cancel!());
    n.on('close', () => shown.delete(n));
    n.on('failed', (_event: unknown, error: string) => {
      shown.delete(n);
      log.warn(`a notification could not be shown: ${error}`);
      notShown(title, body);
    });
    shown.add(n);
    if (shown.size > 20) shown.delete(shown.values().next().value!);
    n.show();
  };
  /** Something the person must know: a notification, the window (now or when it next opens) and the tray. */
  const tell = (title: string, body: string) => {
    notice({ kind: 'error', message: `${title}: ${body}` });
    needsAttention = true;
    notify(title, body);
  };

  const recentLinks = (): RecentLink[] =>
    engine
      .history()
      .filter((e) => e.status === 'live' && e.dm)
      .slice(0, 5)
      .map((e) => ({ id: e.id, label: `${e.album ? `${e.album}: ` : ''}${e.file.split(/[\\/]/).pop()}`, dm: e.dm! }));

  /** True only once the text is on the clipboard; a failed write is told, never reported as copied. */
  const copy = async (text: string): Promise<boolean> => {
    try {
      await electron.clipboard.writeText(text);
      return true;
    } catch (error) {
      log.warn('clipboard write failed', error);
      tell('Could not copy the link', 'The clipboard is not available right now. Copy it from the history in DM Drop’s window.');
      return false;
    }
  };
  const copyLink = async (link: RecentLink): Promise<boolean> => {
    const copied = await copy(link.dm);
    if (copied) notify('Link copied', 'The DM text is on your clipboard: paste it into the chat.');
    return copied;
  };

  const state = async (): Promise<TrayMenuState> => {
    const recent = recentLinks();
    return {
      uploading: uploading.size,
      needsAttention,
      lastMessage,
      lastLink: recent[0],
      recent,
      autoUploadPaused: auto.watcher?.isPaused ?? false,
      providers: await listProviders(settings.get(), options.secrets, options.env),
      hotkeys: { copyLast: settings.get().hotkeys.copyLast || undefined, openWindow: settings.get().hotkeys.openWindow || undefined },
    };
  };
  let lastState: TrayMenuState = await state();

  const tray = new electron.Tray(join(options.resourcesDir, trayIconName(lastState, options.platform, electron.nativeTheme.shouldUseDarkColors)));
  const share = (paths: string[], choices: ShareChoices = {}) => {
    if (paths.length === 0) return;
    const options = {
      caption: choices.caption,
      maxEdge: choices.maxEdge,
      expiresAt: choices.expires ? new Date(Date.now() + EXPIRY_MS[choices.expires]) : undefined,
      password: choices.password,
    };
    const run = choices.album ? engine.shareAlbum(paths, { ...options, name: choices.album.name }) : engine.share(paths, options);
    run.catch((error: unknown) => {
      log.error('share refused', error);
      reportRefusedBatch(paths, error, (event) => send(IPC.progress, event));
      needsAttention = true;
      notify('Could not share', (error as Error).message);
      void refreshTray();
    });
  };
  const actions = {
    sharePhotos: async () => {
      const picked = await electron.dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'], filters: [{ name: 'Photos', extensions: ['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'gif', 'avif', 'tif', 'tiff'] }] });
      if (!picked.canceled) share(picked.filePaths);
    },
    copyLink,
    togglePause: () => (auto.watcher?.isPaused ? auto.watcher.resume() : auto.watcher?.pause()),
    setDefaultProvider: (id: ProviderId) => void settings.update({ defaultProvider: id }).then(() => refreshTray()),
    openWindow: () => openWindow(),
    quit: () => electron.app.quit(),
  };
  async function refreshTray() {
    lastState = await state();
    tray.setImage(join(options.resourcesDir, trayIconName(lastState, options.platform, electron.nativeTheme.shouldUseDarkColors)));
    tray.setToolTip(trayTooltip(lastState));
    tray.setContextMenu(electron.Menu.buildFromTemplate(buildTrayMenu(lastState, { ...actions, sharePhotos: () => void actions.sharePhotos() })));
  }
  // On macOS a click opens the tray menu (it holds "Open DM Drop"); opening the window as well
  // would put both up at once. Elsewhere a click (activation on Linux) opens the window.
  if (options.platform !== 'darwin') tray.on('click', () => openWindow());
  // Dropping on the tray icon: Electron emits this on macOS only; the drop window works everywhere.
  tray.on('drop-files', (_event: unknown, files: string[]) => share(files));
  electron.nativeTheme.on('updated', () => void refreshTray());

  const onProgress = (event: ProgressEvent) => {
    if (event.stage === 'done' || event.stage === 'failed') uploading.delete(event.jobId);
    else uploading.add(event.jobId);
    send(IPC.progress, event);
  };
  const waitingForNetwork = new Set<string>(); // jobs already announced as waiting for the network
  engine.on((event) => {
    if (event.type === 'progress') return void (event.stage === 'queued' || event.stage === 'done' || event.stage === 'failed' ? refreshTray() : undefined);
    if (event.type === 'outcome' && event.outcome.ok) waitingForNetwork.delete(event.outcome.jobId);
    if (event.type === 'outcome' && !event.outcome.ok) {
      needsAttention = true;
      const { code, message } = event.outcome.error;
      log.warn(`share failed: ${code}`, message);
      if (code === 'AUTH_EXPIRED') notice({ kind: 'auth-expired', message });
      const jobId = event.outcome.jobId;
      if (!TRANSIENT_CODES.has(code)) notify('A photo was not shared', message);
      // Said once per photo: the automatic retries that fail while offline stay quiet.
      else if (!jobId || !waitingForNetwork.has(jobId)) {
        if (jobId) waitingForNetwork.add(jobId);
        notify('A photo was not shared', `${message} DM Drop will try again by itself when the connection is back.`);
      }
    }
    send(IPC.historyChanged);
    void refreshTray();
  });

  const facade = createEngineFacade(
    engine,
    {
      copy,
      settings: {
        get: () => settings.get(),
        update: async (patch) => {
          const next = await settings.update(patch);
          applySettings();
          return next;
        },
      },
      accounts: {
        list: () => listProviders(settings.get(), options.secrets, options.env),
        connect: async (id) => {
          await connectAccount(id, { settings: settings.get(), secrets: options.secrets, env: options.env }, (url) => openExternal(url));
          void refreshTray();
        },
        disconnect: async (id) => {
          await disconnectAccount(id, { settings: settings.get(), secrets: options.secrets, env: options.env });
          void refreshTray();
        },
      },
      share: (paths, choices) => share(paths, choices),
      sharePasted: async (data, type, choices) => {
        // Pasted images get a file of their own in the data dir (never next to the user's files).
        const dir = join(options.dataDir, 'pasted');
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const path = join(dir, `pasted-${randomUUID().slice(0, 8)}.${type.split('/')[1]!.replace('jpeg', 'jpg')}`);
        await writeFile(path, data, { mode: 0o600 });
        share([path], choices);
      },
      openExternal: (url) => openExternal(url),
      health: { get: (id) => health.get(id), check: (id) => checkHealth(id) },
      pickFolder: async () => {
        const picked = await electron.dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
        return picked.canceled ? undefined : picked.filePaths[0];
      },
      startDemo: async () => {
        if (!options.startDemo) throw new Error('Demo mode is not available in this build.');
        await options.startDemo();
        await settings.update({ defaultProvider: 'dropbox' });
        void refreshTray();
      },
    },
    onProgress,
  );
  registerIpc({ ipcMain: electron.ipcMain, engine: facade, isOwnUrl: options.isOwnUrl, isOwnFrame: options.isOwnFrame, info: { version: electron.app.getVersion(), platform: options.platform } });

  /** Only the providers' consent pages and links DM Drop made are ever opened in the browser. */
  const openExternal = async (url: string) => {
    const emulators = [options.env.DMDROP_DROPBOX_ENDPOINT, options.env.DMDROP_DRIVE_ENDPOINT].filter((v): v is string => Boolean(v)).map((v) => new URL(v).origin);
    const own = engine.history().flatMap((e) => [e.url, e.directUrl].filter((v): v is string => Boolean(v)));
    if (!isAllowedExternal(url, { ownLinks: own, emulatorOrigins: emulators })) {
      log.warn('refused to open an external URL');
      return;
    }
    await electron.shell.openExternal(url);
  };

  // Link health: live links are re-checked anonymously in the background, one at a time and each
  // at most every healthMaxAgeMs, so the providers are never hammered.
  const health = new Map<string, LinkHealthRecord>();
  const checkHealth = async (id: string) => {
    const result = await engine.checkLink(id);
    if (!result) return;
    const before = health.get(id)?.health;
    health.set(id, { health: result, checkedAt: new Date().toISOString() });
    if (before !== result) send(IPC.historyChanged);
  };
  const healthTimer = setInterval(() => {
    const maxAge = options.healthMaxAgeMs ?? 3_600_000;
    const due = engine
      .history()
      .filter((e) => e.status === 'live')
      .find((e) => {
        const at = health.get(e.id)?.checkedAt;
        return !at || Date.now() - Date.parse(at) > maxAge;
      });
    if (due) void checkHealth(due.id).catch((error: unknown) => log.warn('link check failed', error));
  }, options.healthIntervalMs ?? 60_000);
  healthTimer.unref?.();

  const copyLastLink = async () => {
    const last = recentLinks()[0];
    if (!last) {
      notify('No link yet', 'Share a photo first; its link will be ready to paste.');
      return false;
    }
    return copyLink(last);
  };

  let loginItemApplied: boolean | undefined;
  let hotkeysApplied = '';
  function applySettings() {
    const current = settings.get();
    // Only when the choice changes (and once at start, to match the OS to the setting).
    if (options.loginItem && current.startAtLogin !== loginItemApplied) {
      loginItemApplied = current.startAtLogin;
      options.loginItem.set(current.startAtLogin).catch((error: unknown) => {
        log.error('start at login could not be changed', error);
        tell('Start at login', `DM Drop could not ${current.startAtLogin ? 'add itself to' : 'remove itself from'} the programs started at login: ${(error as Error).message}`);
      });
    }
    const wanted = JSON.stringify(current.hotkeys);
    if (wanted !== hotkeysApplied) {
      hotkeysApplied = wanted;
      hotkeyFailures = registerHotkeys(electron.globalShortcut, current.hotkeys, { copyLast: () => void copyLastLink(), openWindow }, { wayland: options.platform === 'linux' && options.env.XDG_SESSION_TYPE === 'wayland' });
      for (const failure of hotkeyFailures) {
        log.warn(failure.message);
        notice({ kind: 'hotkey-failed', message: failure.message });
        needsAttention = true;
        notify('Shortcut not available', failure.message, { onClick: openWindow });
      }
    }
    void refreshTray();
  }
  applySettings();
  for (const problem of options.startupProblems ?? []) tell('DM Drop started with a problem', problem);

  // Auto-upload: the drop folder always, screenshots only once the user turned them on.
  const watchSettings = settings.get().watch;
  const folders: WatchedFolder[] = [{ path: watchSettings.dropFolder || join(options.env.HOME ?? options.env.USERPROFILE ?? options.cwd, 'DM Drop'), kind: 'drop', create: true, albumPerDay: watchSettings.albumPerDay, provider: watchSettings.provider }];
  if (watchSettings.autoUploadScreenshots) {
    const found = watchSettings.screenshotFolders.length ? watchSettings.screenshotFolders.map((path) => ({ path, onlyScreenshotNames: false })) : options.osInputs ? findScreenshotFolders(options.osInputs) : [];
    for (const f of found) folders.push({ ...f, kind: 'screenshots', albumPerDay: watchSettings.albumPerDay, provider: watchSettings.provider });
  }
  const watcher = new AutoShare({ engine, dataDir: options.dataDir, folders, cancelWindowMs: watchSettings.cancelWindowSec * 1000, ask: watchSettings.askBeforeUpload });
  auto.watcher = watcher;
  watcher.on((event: WatchEvent) => {
    if (event.event === 'detected' && event.cancelWindowMs > 0) {
      notify('Sharing a new photo', `${event.file.split(/[\\/]/).pop()} will be shared in ${event.cancelWindowMs / 1000} s. Click to review, or cancel.`, { cancel: () => watcher.cancel(event.file) });
    } else if (event.event === 'ask') {
      notify('Share this photo?', `${event.file.split(/[\\/]/).pop()} arrived. Open DM Drop to share or skip it.`);
    } else if (event.event === 'shared' && event.reused) {
      // A fresh share is delivered by the engine (clipboard + notification); a reused link is ours to deliver.
      const dm = event.dm;
      void (async () => {
        const copied = settings.get().copyToClipboard && (await copy(dm));
        notify('Link ready', copied ? 'Already shared before: the same link is on your clipboard.' : 'Already shared before: its link is in DM Drop’s history.');
      })();
    }
    void refreshTray();
  });
  await watcher.start().catch((error: unknown) => log.error('watcher did not start', error));
  // Back from sleep the network is usually back too: photos waiting for it are retried at once.
  electron.powerMonitor.on('resume', () => watcher.networkMayBeBack());

  const openFiles = (argv: string[], cwd: string) => {
    const files = filesFromArgv(argv, cwd, (p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    share(files);
    return files;
  };
  const launchedWithFiles = openFiles(options.argv, options.cwd).length > 0;
  if (!launchedWithFiles && !options.startHidden) openWindow();
  log.info(`shell started (version ${electron.app.getVersion()}, ${options.platform})`);

  return {
    state: () => lastState,
    get hotkeyFailures() {
      return hotkeyFailures;
    },
    openFiles,
    secondLaunch: (argv, cwd) => {
      if (openFiles(argv, cwd).length === 0) openWindow();
    },
    share,
    copyLastLink,
    openWindow,
    watcher: () => auto.watcher,
    notify: (title, body) => notify(title, body),
    close: async () => {
      clearInterval(healthTimer);
      electron.globalShortcut.unregisterAll();
      await auto.watcher?.close();
    },
  };
}
