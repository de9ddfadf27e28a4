// The hotkey table: each OS's defaults clash with nothing common there, are written the way that
// OS writes them, and are what the settings schema gives; ids, labels and tray items are unique.
import { describe, expect, it } from 'vitest';
import { acceleratorLabel } from '../../src/shared/accelerator-label';
import { defaultHotkeys, HOTKEYS, type HotkeyOs } from '../../src/shared/hotkeys';
import { SettingsSchema } from '../../src/shared/settings-schema';

describe('default hotkeys', () => {
  // Key combinations common software on each OS already uses (a global shortcut would take them).
  const clashes: Record<HotkeyOs, RegExp[]> = {
    // IBus Unicode entry and emoji; GNOME/XFCE/Cinnamon lock screen and terminal; editors' select-all-occurrences.
    // …and Ctrl+Shift+V, the terminals' paste; Ctrl+Alt+V, Klipper's on some KDE setups.
    linux: [/^Control\+Shift\+[UELV]$/, /^Control\+Alt\+V$/, /^Control\+Alt\+[LTD]$/, /^(CmdOrCtrl|CommandOrControl)\+/],
    // Ctrl+Alt is AltGr on Windows keyboards; Win+Alt+letters used by the Game Bar and the clock;
    // Win+V (clipboard history), Win+Ctrl+V (sound output), Win+Shift+S (snip to the clipboard).
    win32: [/^Super\+(Control\+)?V$/, /^Super\+Shift\+S$/, /(Control|Ctrl|CmdOrCtrl).*\+Alt|Alt.*\+(Control|Ctrl)/, /^Super\+Alt\+[BDGKMRT]$/, /^(CmdOrCtrl|Control)\+Shift\+L$/],
    // Look Up, full screen, lock screen; Cmd+Shift/Cmd+Option letters taken by Safari, Finder and editors.
    // …and the screenshot-to-clipboard keys (⌃⇧⌘3/4/5); Copy/Paste Ruler (⌃⌘C/V), Finder's alias,
    // new folder with selection and add to sidebar (⌃⌘A/N/T).
    darwin: [/^Control\+Shift\+Command\+[345]$/, /^Control\+Command\+[DFQ ACVNT]$/, /^(Command|CmdOrCtrl)\+(Shift|Alt|Option)\+/],
  };

  it('differ per OS and use none of that OS’s common shortcuts', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const row of HOTKEYS) for (const taken of clashes[platform]) expect(row.defaults[platform], `${platform} ${row.id}`).not.toMatch(taken);
      expect(defaultHotkeys(platform)).toEqual(Object.fromEntries(HOTKEYS.map((row) => [row.id, row.defaults[platform]])));
    }
    // parse({}) gives this OS's pair (the tests run on Linux).
    expect(SettingsSchema.parse({}).hotkeys).toEqual(defaultHotkeys(process.platform));
    expect(SettingsSchema.parse({ hotkeys: { copyLast: '' } }).hotkeys).toEqual({ ...defaultHotkeys(process.platform), copyLast: '' });
  });

  it('are written the way each OS writes them', () => {
    expect(acceleratorLabel(defaultHotkeys('darwin').copyLast, 'darwin')).toBe('⌃⌘L');
    expect(acceleratorLabel(defaultHotkeys('win32').copyLast, 'win32')).toBe('Win+Alt+L');
    expect(acceleratorLabel(defaultHotkeys('linux').copyLast, 'linux')).toBe('Ctrl+Alt+Shift+L');
    expect(acceleratorLabel(defaultHotkeys('darwin').shareClipboard, 'darwin')).toBe('⌃⌘S');
    expect(acceleratorLabel(defaultHotkeys('win32').shareClipboard, 'win32')).toBe('Win+Alt+V');
    expect(acceleratorLabel('CmdOrCtrl+Shift+U', 'darwin')).toBe('⌘⇧U');
    expect(acceleratorLabel('CmdOrCtrl+Shift+U', 'linux')).toBe('Ctrl+Shift+U');
  });

  it('name each hotkey, its label and its tray item once', () => {
    for (const key of ['id', 'label'] as const) expect(new Set(HOTKEYS.map((row) => row[key])).size).toBe(HOTKEYS.length);
    expect(new Set(HOTKEYS.map((row) => row.tray.label)).size).toBe(HOTKEYS.length);
    expect(Object.keys(SettingsSchema.parse({}).hotkeys)).toEqual(HOTKEYS.map((row) => row.id));
  });
});
