// The hotkeys, one row each: this table drives the settings schema (field and per-OS default),
// the registration and its failure sentences, the tray item and the settings form. Adding a
// hotkey is a row here plus its action in src/main/shell/setup-hotkeys.ts (a Record over the ids,
// so the compiler asks for it).
//
// Global shortcuts take a key combination from every other app, so the defaults use combinations
// nothing common uses on that OS (docs/desktop.md has the reasoning; TikTok's web keys are
// unmodified: arrows, L to like, M to mute):
// - macOS: Control+Command (⌃⌘) with L/U: not system shortcuts (⌃⌘D is Look Up, ⌃⌘F full
//   screen, ⌃⌘Q lock), and apps rarely take ⌃⌘; ⌘⇧L/⌥⌘L are taken by Safari, Finder, editors.
// - Windows: Windows+Alt with L/U: Ctrl+Alt is AltGr there (Ctrl+Alt+Shift+L types Ł on Polish
//   keyboards) and Ctrl+Shift+L is an editor shortcut; Win+Alt is the Game Bar's, which uses
//   neither L nor U.
// - Linux: Ctrl+Alt+Shift with L/U: Ctrl+Shift+U is IBus's Unicode entry, Ctrl+Alt+L locks the
//   screen on GNOME/XFCE/Cinnamon, Ctrl+Shift+L selects in editors; Linux has a separate AltGr key.
// Share Clipboard: ⌃⌘S on macOS (S for share: ⌃⌘V would be the obvious key, but Apple lists it as
// Paste Ruler in text apps; the screenshot-to-clipboard keys ⌃⇧⌘3/4/5 all add Shift); V (paste)
// elsewhere: Win+V is Windows' clipboard history and Win+Ctrl+V its sound output, but Win+Alt+V is
// neither nor the Game Bar's; Ctrl+Shift+V is the terminals' paste and Ctrl+Alt+V Klipper's on some
// KDE setups, but Ctrl+Alt+Shift+V is no desktop's (JetBrains IDEs use it for "paste as plain
// text", as they use Ctrl+Alt+Shift+L: choose another in the settings if you work there).
// On Linux Wayland, Electron binds them through the desktop portal, which needs package.json's
// desktopName to match the installed .desktop file and may ask the person first.

export type HotkeyOs = 'darwin' | 'win32' | 'linux';

export interface HotkeyRow {
  id: string;
  /** What it does, in the settings form and in sentences about it. */
  label: string;
  /** Its tray menu item, and the group of the menu it sits in. */
  tray: { label: string; group: 'links' | 'window' };
  defaults: Record<HotkeyOs, string>;
  /** The default that shipped before `defaults` (settings still holding it are migrated). */
  formerDefault?: string;
}

export const HOTKEYS = [
  {
    id: 'copyLast',
    label: 'Copy last link',
    tray: { label: 'Copy Last Link', group: 'links' },
    defaults: { darwin: 'Control+Command+L', win32: 'Super+Alt+L', linux: 'Control+Alt+Shift+L' },
    formerDefault: 'CmdOrCtrl+Shift+L',
  },
  {
    id: 'openWindow',
    label: 'Open DM Drop',
    tray: { label: 'Open DM Drop', group: 'window' },
    defaults: { darwin: 'Control+Command+U', win32: 'Super+Alt+U', linux: 'Control+Alt+Shift+U' },
    formerDefault: 'CmdOrCtrl+Shift+U',
  },
  {
    id: 'shareClipboard',
    label: 'Share what is on the clipboard',
    tray: { label: 'Share Clipboard', group: 'links' },
    defaults: { darwin: 'Control+Command+S', win32: 'Super+Alt+V', linux: 'Control+Alt+Shift+V' },
  },
] as const satisfies readonly HotkeyRow[];

export type HotkeyId = (typeof HOTKEYS)[number]['id'];
/** An accelerator per hotkey; an empty string turns that one off. */
export type HotkeyBindings = Record<HotkeyId, string>;

/** The OS whose defaults apply (where no OS is known, in the page, Linux's). */
const hotkeyOs = (platform: string | undefined): HotkeyOs => (platform === 'darwin' || platform === 'win32' ? platform : 'linux');

/** This OS's default hotkeys. */
export function defaultHotkeys(platform: string | undefined = (globalThis as { process?: { platform?: string } }).process?.platform): HotkeyBindings {
  return Object.fromEntries(HOTKEYS.map((row) => [row.id, row.defaults[hotkeyOs(platform)]])) as HotkeyBindings;
}
