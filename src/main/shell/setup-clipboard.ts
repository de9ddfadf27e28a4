// Links onto the clipboard: the last link (the hotkey and the tray), a recent one, or any from the
// window. "Copied" is said only once the text is on the clipboard; a failed write is told instead.
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/rotating-log';
import type { ShellElectron } from './app-shell';
import type { Notifications } from './setup-notifications';
import type { RecentLink } from './tray-menu';

export interface ClipboardDeps {
  clipboard: ShellElectron['clipboard'];
  engine: Pick<Engine, 'history'>;
  log: Pick<Logger, 'warn'>;
  notifications: Notifications;
}

export interface ShellClipboard {
  /** True only once the text is on the clipboard; `what` names it if the write fails. */
  copy(text: string, what?: 'link' | 'password'): Promise<boolean>;
  copyLink(link: RecentLink): Promise<boolean>;
  copyLastLink(): Promise<boolean>;
  /** The newest live links with DM text, newest first (the tray shows five). */
  recentLinks(): RecentLink[];
}

export function setupClipboard(deps: ClipboardDeps): ShellClipboard {
  const { notify, tell } = deps.notifications;
  const recentLinks = (): RecentLink[] =>
    deps.engine
      .history()
      .filter((e) => e.status === 'live' && e.dm)
      .slice(0, 5)
      .map((e) => ({ id: e.id, label: `${e.album ? `${e.album}: ` : ''}${e.file.split(/[\\/]/).pop()}`, dm: e.dm! }));
  const copy = async (text: string, what: 'link' | 'password' = 'link'): Promise<boolean> => {
    try {
      await deps.clipboard.writeText(text);
      return true;
    } catch (error) {
      deps.log.warn('clipboard write failed', error);
      if (what === 'password') tell('Could not copy the password', 'The clipboard is not available right now. Try Copy password again in a moment.');
      else tell('Could not copy the link', 'The clipboard is not available right now. Copy it from the history in DM Drop’s window.');
      return false;
    }
  };
  const copyLink = async (link: RecentLink): Promise<boolean> => {
    const copied = await copy(link.dm);
    if (copied) notify('Link copied', 'The DM text is on your clipboard: paste it into the chat.');
    return copied;
  };
  return {
    copy,
    copyLink,
    recentLinks,
    async copyLastLink() {
      const last = recentLinks()[0];
      if (!last) {
        notify('No link yet', 'Share a photo first; its link will be ready to paste.');
        return false;
      }
      return copyLink(last);
    },
  };
}
