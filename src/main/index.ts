// The Electron entry: single-instance lock, hardening, the adapters that plug Electron into the
// engine's ports, and startShell (shell/app-shell.ts), which wires the rest. Nothing here decides
// anything; it only connects real Electron modules.
import { join } from 'node:path';
import * as electron from 'electron';
import ElectronStore from 'electron-store';
import { resolveDataDir } from '../core/config/data-dir';
import { openEngine } from '../core/engine/engine';
import { createRotatingLog } from '../core/logging/rotating-log';
import { systemOsInputs } from '../core/watch/screenshot-folders';
import { createElectronStoreSettings } from './adapters/electron-store-settings';
import { createSafeStorageSecrets } from './adapters/safe-storage-secrets';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { hardenApp, hardenSession } from './security/harden-app';
import { startShell } from './shell/app-shell';
import { createMainWindow } from './windows/create-main-window';

const { app, BrowserWindow, clipboard, Notification, safeStorage, session } = electron;
const outDir = import.meta.dirname;
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = 'file://' + join(outDir, '../renderer/index.html').replace(/\\/g, '/');
const isOwnUrl = (url: string) => (devServerUrl ? url.startsWith(devServerUrl) : url === rendererFile || url.startsWith(rendererFile + '#'));
// Packaged: resources sit next to app.asar; in development, in the repository.
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(outDir, '../../resources');

if (!app.requestSingleInstanceLock()) {
  app.quit(); // the running instance receives our argv through 'second-instance'
} else {
  hardenApp(app);
  // A tray app: closing the window does not quit.
  app.on('window-all-closed', () => undefined);
  if (process.platform === 'darwin') app.dock?.hide();

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    const dataDir = process.env.DMDROP_HOME ?? resolveDataDir();
    const log = createRotatingLog({ dir: join(dataDir, 'logs') });
    const settings = createElectronStoreSettings(ElectronStore, { dataDir });
    const secrets = createSafeStorageSecrets(safeStorage, dataDir, () => settings.get().allowUnencryptedTokens);
    // Until the shell is up, notifications are plain; then they open the window on click.
    let notify = (title: string, body: string) => new Notification({ title, body }).show();
    const engine = await openEngine({
      dataDir,
      settings,
      secrets,
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      notifier: { notify: ({ title, body }) => notify(title, body) },
    });
    const shell = await startShell({
      electron,
      engine,
      settings,
      secrets,
      dataDir,
      resourcesDir,
      platform: process.platform,
      env: process.env,
      argv: process.argv,
      cwd: process.cwd(),
      log,
      createWindow: () => createMainWindow(outDir, devServerUrl),
      isOwnUrl,
      isOwnFrame: (event) => {
        const owner = BrowserWindow.fromWebContents(event.sender);
        return Boolean(owner && event.senderFrame === owner.webContents.mainFrame);
      },
      osInputs: systemOsInputs(),
      // Demo mode: the built-in Dropbox emulator on loopback, with an authorised test account.
      startDemo: async () => {
        const demo = await startDropboxEmulator({ linkBase: 'loopback' });
        Object.assign(process.env, demo.dmdropEnv());
        app.on('will-quit', () => void demo.close());
      },
    });
    notify = shell.notify;
    app.on('will-quit', (event) => {
      event.preventDefault();
      void shell
        .close()
        .then(() => engine.close())
        .finally(() => app.exit(0));
    });
  });
}
