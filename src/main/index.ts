// The Electron shell: lifecycle, one hardened window, IPC, and adapters that plug Electron into
// the engine's ports. Every decision lives in the engine; this file only wires.
import { join } from 'node:path';
import { app, clipboard, ipcMain, Notification, safeStorage, session, type BrowserWindow } from 'electron';
import { resolveDataDir } from '../core/config/data-dir';
import { loadFileSettings } from '../core/config/file-settings-store';
import { openEngine } from '../core/engine/engine';
import { IPC } from '../shared/ipc-contract';
import { createSafeStorageSecrets } from './adapters/safe-storage-secrets';
import { createEngineFacade } from './engine-facade';
import { registerIpc } from './ipc/register-ipc';
import { hardenApp, hardenSession } from './security/harden-app';
import { createMainWindow } from './windows/create-main-window';

const outDir = import.meta.dirname;
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = 'file://' + join(outDir, '../renderer/index.html').replace(/\\/g, '/');
const isOwnUrl = (url: string) => (devServerUrl ? url.startsWith(devServerUrl) : url === rendererFile || url.startsWith(rendererFile + '#'));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenApp(app);
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    const dataDir = process.env.DMDROP_HOME ?? resolveDataDir();
    const settings = await loadFileSettings(dataDir);
    const engine = await openEngine({
      dataDir,
      settings,
      secrets: createSafeStorageSecrets(safeStorage, dataDir),
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      notifier: { notify: ({ title, body }) => new Notification({ title, body }).show() },
    });
    app.on('will-quit', () => void engine.close());
    const facade = createEngineFacade(engine, (event) => window?.webContents.send(IPC.progress, event));
    registerIpc({
      ipcMain,
      engine: facade,
      isOwnUrl,
      isOwnFrame: (event) => Boolean(window && event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame),
      info: { version: app.getVersion(), platform: process.platform },
    });
    window = createMainWindow(outDir, devServerUrl);
    void engine.resume();
  });
}
