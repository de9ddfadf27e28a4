// The drop window, hardened: isolated, sandboxed, no Node in the page, only our own content.
import { join } from 'node:path';
import { BrowserWindow } from 'electron';

export function createMainWindow(outDir: string, devServerUrl?: string): BrowserWindow {
  // Written out literally (not spread from a constant) so static checkers such as electronegativity
  // can see every flag.
  const window = new BrowserWindow({
    width: 520,
    height: 640,
    show: false,
    title: 'DM Drop',
    icon: join(outDir, '../../resources/icon.png'),
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // Middle-click would open links in new windows; we have none to open.
      disableBlinkFeatures: 'Auxclick',
      preload: join(outDir, '../preload/index.cjs'),
    },
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(join(outDir, '../renderer/index.html'));
  return window;
}
