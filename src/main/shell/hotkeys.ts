// Global hotkeys: registered from settings; a shortcut another app already holds is reported with
// a sentence and the way to choose another, never silently dropped.
import type { GlobalShortcut } from 'electron';

export interface HotkeyBindings {
  copyLast: string;
  openWindow: string;
}

// Defaults live in the settings schema (DEFAULT_HOTKEYS, one pair per OS, chosen to clash with
// nothing common there; TikTok's web keys are unmodified: arrows, L to like, M to mute). On Linux
// Wayland, Electron binds them through the desktop portal, which needs package.json's desktopName
// to match the installed .desktop file and may ask the person first.

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
  /** Wayland: the desktop, not the app, decides; say where the person can allow or change it. */
  session: { wayland?: boolean } = {},
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
        message: session.wayland
          ? `The shortcut ${accelerator} for “${NAMES[action]}” was not granted by your desktop (it may be used already, or was declined). Allow or change it in your desktop’s keyboard shortcut settings, or choose another one in DM Drop’s settings.`
          : `The shortcut ${accelerator} for “${NAMES[action]}” is already used by another app (or is not valid here). Choose another one in DM Drop’s settings.`,
      });
    }
  }
  return failures;
}
