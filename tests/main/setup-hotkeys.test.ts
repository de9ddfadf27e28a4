// The hotkeys in the running shell: one that is taken (or not granted on Wayland) is said in the
// window and a notification, with what to do.
import { describe, expect, it } from 'vitest';
import { useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('hotkeys', () => {
  it('tells the user when a hotkey is taken, in the window and as a notification', async () => {
    const s = await start({ taken: ['Control+Alt+Shift+U'] });
    expect(s.shell.hotkeyFailures.map((f) => f.accelerator)).toEqual(['Control+Alt+Shift+U']);
    const note = s.notifications.find((n) => n.options.title === 'Shortcut not available')!;
    expect(note.options.body).toMatch(/already used by another app/);
    note.emit('click');
    expect(s.createWindow).toHaveBeenCalled();
  });
  it('on Wayland a hotkey the desktop does not grant is explained with where to allow it', async () => {
    const s = await start({ taken: ['Control+Alt+Shift+L'], env: { XDG_SESSION_TYPE: 'wayland' } });
    expect(s.shell.hotkeyFailures[0]!.message).toMatch(/not granted by your desktop.*keyboard shortcut settings/);
  });
});
