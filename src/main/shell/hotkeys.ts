// Global hotkeys: registered from settings; a shortcut another app already holds is reported with
// a sentence and the way to choose another, never silently dropped.
import type { GlobalShortcut } from 'electron';

export interface HotkeyBindings {
  copyLast: string;
  openWindow: string;
}

// Defaults live in the settings schema: CmdOrCtrl+Shift+L and CmdOrCtrl+Shift+U, which neither the
// OSes nor TikTok's web app use (TikTok's keys are unmodified: arrows, L to like, M to mute).

const NAMES: Record<keyof HotkeyBindings, string> = { copyLast: 'Copy last link', openWindow: 'Open DM Drop' };

export interface HotkeyFailure {
  action: keyof HotkeyBindings;
  accelerator: string;
  message: string;
}

export function registerHotkeys(
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregisterAll'>,
  bindings: HotkeyBindings,
  actions: Record<keyof HotkeyBindings, () => void>,
): HotkeyFailure[] {
  globalShortcut.unregisterAll();
  const failures: HotkeyFailure[] = [];
  for (const action of Object.keys(bindings) as (keyof HotkeyBindings)[]) {
    const accelerator = bindings[action];
    if (!accelerator) continue; // the user turned this one off
    let ok: boolean;
    try {
      ok = globalShortcut.register(accelerator, actions[action]);
    } catch {
      ok = false; // an accelerator Electron cannot parse
    }
    if (!ok) {
      failures.push({
        action,
        accelerator,
        message: `The shortcut ${accelerator} for “${NAMES[action]}” is already used by another app (or is not valid here). Choose another one in DM Drop’s settings.`,
      });
    }
  }
  return failures;
}
