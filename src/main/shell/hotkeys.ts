// Global hotkeys: registered from settings, one per row of the table in shared/hotkeys.ts; a
// shortcut another app already holds is reported with a sentence and the way to choose another,
// never silently dropped.
import type { GlobalShortcut } from 'electron';
import { HOTKEYS, type HotkeyBindings, type HotkeyId } from '../../shared/hotkeys';
import type { TrayMenuState } from './tray-menu';

/** What a hotkey does; its tray item does the same, greyed out while `available` says no. */
export interface HotkeyAction {
  run(): void;
  available?(state: TrayMenuState): boolean;
}

export interface HotkeyFailure {
  action: HotkeyId;
  accelerator: string;
  message: string;
}

export function registerHotkeys(
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregisterAll'>,
  bindings: HotkeyBindings,
  actions: Record<HotkeyId, HotkeyAction>,
  /** Wayland: the desktop, not the app, decides; say where the person can allow or change it. */
  session: { wayland?: boolean } = {},
): HotkeyFailure[] {
  globalShortcut.unregisterAll();
  const failures: HotkeyFailure[] = [];
  for (const row of HOTKEYS) {
    const accelerator = bindings[row.id];
    if (!accelerator) continue; // the user turned this one off
    let ok: boolean;
    try {
      ok = globalShortcut.register(accelerator, () => actions[row.id].run());
    } catch {
      ok = false; // an accelerator Electron cannot parse
    }
    if (!ok) {
      failures.push({
        action: row.id,
        accelerator,
        message: session.wayland
          ? `The shortcut ${accelerator} for “${row.label}” was not granted by your desktop (it may be used already, or was declined). Allow or change it in your desktop’s keyboard shortcut settings, or choose another one in DM Drop’s settings.`
          : `The shortcut ${accelerator} for “${row.label}” is already used by another app (or is not valid here). Choose another one in DM Drop’s settings.`,
      });
    }
  }
  return failures;
}
