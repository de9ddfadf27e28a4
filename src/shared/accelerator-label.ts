// An Electron accelerator ("Control+Alt+Shift+L") as people read it on their OS: ⌃⌥⇧L on macOS,
// Ctrl+Alt+Shift+L on Linux, Win+Alt+L on Windows. Used wherever the UI shows a hotkey.
const MAC: Record<string, string> = { control: '⌃', ctrl: '⌃', alt: '⌥', option: '⌥', altgr: '⌥', shift: '⇧', command: '⌘', cmd: '⌘', cmdorctrl: '⌘', commandorcontrol: '⌘', super: '⌘', meta: '⌘' };
const PC: Record<string, string> = { control: 'Ctrl', ctrl: 'Ctrl', cmdorctrl: 'Ctrl', commandorcontrol: 'Ctrl', alt: 'Alt', option: 'Alt', altgr: 'AltGr', shift: 'Shift' };

export function acceleratorLabel(accelerator: string, platform: string): string {
  const parts = accelerator.split('+').filter(Boolean);
  if (platform === 'darwin') return parts.map((p) => MAC[p.toLowerCase()] ?? p).join('');
  const superKey = platform === 'win32' ? 'Win' : 'Super';
  return parts.map((p) => PC[p.toLowerCase()] ?? (/^(super|meta|command|cmd)$/i.test(p) ? superKey : p)).join('+');
}
