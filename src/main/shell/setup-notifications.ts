// Notifications: a click opens the window, a Cancel button where the OS has actions (macOS), and
// what no notification can show (unsupported, or refused: unsigned macOS builds) is said in the tray.
import type { Logger } from '../../core/logging/rotating-log';
import type { ShellNotice } from '../../shared/ipc-contract';
import type { ShellElectron } from './app-shell';

export interface NotificationsDeps {
  Notification: ShellElectron['Notification'];
  platform: NodeJS.Platform;
  log: Pick<Logger, 'warn'>;
  openWindow(): void;
  /** Where the tray says what a notification could not. */
  notShown(text: string): void;
  /** The window's notices (now or when it next opens). */
  notice(notice: ShellNotice): void;
  /** The tray shows that something needs the person. */
  needsAttention(): void;
}

export interface NotifyExtra {
  onClick?: () => void;
  cancel?: () => void;
}

export interface Notifications {
  notify(title: string, body: string, extra?: NotifyExtra): void;
  /** Something the person must know: a notification, the window (now or when it next opens) and the tray. */
  tell(title: string, body: string): void;
}

/** Notifications kept alive at most (a 'close' is not guaranteed on every OS). */
const MAX_KEPT = 20;

export function setupNotifications(deps: NotificationsDeps): Notifications {
  // Electron's click and action handlers live on the JS object: one nobody holds is garbage
  // collected with its handlers. Each is kept until it closes or fails.
  const shown = new Set<InstanceType<ShellElectron['Notification']>>();
  const notify = (title: string, body: string, extra: NotifyExtra = {}) => {
    if (!deps.Notification.isSupported()) return deps.notShown(`${title}: ${body}`);
    const actions = extra.cancel && deps.platform === 'darwin' ? [{ type: 'button' as const, text: 'Cancel' }] : undefined;
    const n = new deps.Notification({ title, body, actions });
    n.on('click', () => (extra.onClick ?? deps.openWindow)());
    if (extra.cancel) n.on('action', () => extra.cancel!());
    n.on('close', () => shown.delete(n));
    n.on('failed', (_event: unknown, error: string) => {
      shown.delete(n);
      deps.log.warn(`a notification could not be shown: ${error}`);
      deps.notShown(`${title}: ${body}`);
    });
    shown.add(n);
    if (shown.size > MAX_KEPT) shown.delete(shown.values().next().value!);
    n.show();
  };
  return {
    notify,
    tell(title, body) {
      deps.notice({ kind: 'error', message: `${title}: ${body}` });
      deps.needsAttention();
      notify(title, body);
    },
  };
}
