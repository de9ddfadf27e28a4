// The drop window: opened on demand (or brought back if it exists), on a view when asked, and the
// notices said while no page was there to hear them, shown once the page next loads.
import type { BrowserWindow } from 'electron';
import type { Logger } from '../../core/logging/rotating-log';
import { IPC, type ShellNotice, type ShowViewEvent } from '../../shared/ipc-contract';

export type ShellWindow = Pick<BrowserWindow, 'show' | 'focus' | 'isMinimized' | 'restore' | 'isDestroyed' | 'on'> & { webContents: Pick<BrowserWindow['webContents'], 'send' | 'on'> };

export interface WindowDeps {
  createWindow: () => ShellWindow;
  log: Pick<Logger, 'error'>;
  /** The window is up: it now says all there is to say. */
  onOpened(): void;
}

export interface WindowHandle {
  /** Opens the window; with `view`, on that view (once its page has loaded, if it is new). */
  open(view?: ShowViewEvent): void;
  /** Pushes an event to the page, if a window is there. */
  send(channel: string, payload?: unknown): void;
  /** Says something in the window: now if its page is loaded, else when it next loads. */
  notice(notice: ShellNotice): void;
}

/** A tray-only run never opens the window: only the newest notices wait. */
const MAX_UNHEARD = 20;

export function setupWindow(deps: WindowDeps): WindowHandle {
  let window: ShellWindow | undefined;
  let pageLoaded = false;
  const unheard: ShellNotice[] = [];
  let pendingView: ShowViewEvent | undefined;
  const send = (channel: string, payload?: unknown) => {
    if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
  };
  return {
    send,
    notice(notice) {
      if (window && !window.isDestroyed() && pageLoaded) return send(IPC.notice, notice);
      unheard.push(notice);
      if (unheard.length > MAX_UNHEARD) unheard.shift();
    },
    open(view) {
      if (!window || window.isDestroyed()) {
        pageLoaded = false;
        const created = deps.createWindow();
        window = created;
        created.on('closed', () => {
          if (window === created) window = undefined;
        });
        created.webContents.on('did-finish-load', () => {
          pageLoaded = true;
          for (const n of unheard.splice(0)) send(IPC.notice, n);
          if (pendingView) send(IPC.showView, pendingView);
          pendingView = undefined;
        });
        created.webContents.on('did-fail-load', (_event: unknown, code: number, description: string, url: string) => deps.log.error(`the window did not load ${url}: ${description} (${code})`));
      } else if (window.isMinimized()) window.restore();
      if (view && pageLoaded) send(IPC.showView, view);
      else if (view) pendingView = view;
      window.show();
      window.focus();
      deps.onOpened();
    },
  };
}
