// The drop window, hardened: isolated, sandboxed, no Node in the page, only our own content.
import { BrowserWindow } from 'electron';

export interface MainWindowOptions {
  /** The built preload (out/preload/index.cjs). */
  preload: string;
  /** The window icon (Linux and Windows; macOS uses the bundle's). */
  icon: string;
  /** app://dmdrop/index.html, or the dev server's URL under `npm run dev`. */
  url: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  // Written out literally (not spread from a constant) so static checkers such as electronegativity
  // can see every flag.
  const window = new BrowserWindow({
    width: 520,
    height: 640,
    show: false,
    title: 'DM Drop',
    icon: options.icon,
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
      preload: options.preload,
    },
  });
  window.once('ready-to-show', () => window.show());
  // A failed load also emits did-fail-load, which the shell logs; the promise adds nothing.
  window.loadURL(options.url).catch(() => undefined);
  return window;
}
