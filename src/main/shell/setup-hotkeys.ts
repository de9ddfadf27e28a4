// The hotkeys: what each one does (one entry per row of the table in shared/hotkeys.ts: the
// compiler asks for a new row's action here), registered from settings whenever they change;
// one that cannot be had is said in the window, the tray and a notification.
import type { Logger } from '../../core/logging/rotating-log';
import type { HotkeyBindings, HotkeyId } from '../../shared/hotkeys';
import type { ShellNotice } from '../../shared/ipc-contract';
import type { ShellElectron } from './app-shell';
import { registerHotkeys, type HotkeyAction, type HotkeyFailure } from './hotkeys';
import type { NotifyExtra } from './setup-notifications';

/** Each hotkey's action; its tray item does the same. */
export function hotkeyActions(deps: { copyLastLink(): Promise<boolean>; openWindow(): void; shareClipboard(): Promise<unknown> }): Record<HotkeyId, HotkeyAction> {
  return {
    copyLast: { run: () => void deps.copyLastLink(), available: (state) => Boolean(state.lastLink) },
    openWindow: { run: () => deps.openWindow() },
    shareClipboard: { run: () => void deps.shareClipboard() },
  };
}

export interface HotkeysDeps {
  globalShortcut: ShellElectron['globalShortcut'];
  actions: Record<HotkeyId, HotkeyAction>;
  /** Wayland: the desktop grants shortcuts, so a failure is explained differently. */
  wayland: boolean;
  log: Pick<Logger, 'warn'>;
  notice(notice: ShellNotice): void;
  needsAttention(): void;
  notify(title: string, body: string, extra?: NotifyExtra): void;
  openWindow(): void;
}

export interface Hotkeys {
  /** Registers these bindings unless they are the ones already registered. */
  apply(bindings: HotkeyBindings): void;
  failures(): HotkeyFailure[];
  close(): void;
}

export function setupHotkeys(deps: HotkeysDeps): Hotkeys {
  let applied = '';
  let failures: HotkeyFailure[] = [];
  return {
    apply(bindings) {
      const wanted = JSON.stringify(bindings);
      if (wanted === applied) return;
      applied = wanted;
      failures = registerHotkeys(deps.globalShortcut, bindings, deps.actions, { wayland: deps.wayland });
      for (const failure of failures) {
        deps.log.warn(failure.message);
        deps.notice({ kind: 'hotkey-failed', message: failure.message });
        deps.needsAttention();
        deps.notify('Shortcut not available', failure.message, { onClick: deps.openWindow });
      }
    },
    failures: () => failures,
    close: () => deps.globalShortcut.unregisterAll(),
  };
}
