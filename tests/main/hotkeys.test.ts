// Registering the hotkeys of the table: one another app holds is reported with what to do, an
// empty one is off, an unparsable one is reported rather than thrown.
import { describe, expect, it, vi } from 'vitest';
import { registerHotkeys } from '../../src/main/shell/hotkeys';

describe('hotkeys', () => {
  it('registers the configured shortcuts and reports one another app holds, with what to do', () => {
    const registered = new Map<string, () => void>();
    const globalShortcut = {
      unregisterAll: vi.fn(() => registered.clear()),
      register: vi.fn((accelerator: string, fn: () => void) => {
        if (accelerator === 'CmdOrCtrl+Shift+U') return false; // taken by another app
        registered.set(accelerator, fn);
        return true;
      }),
    };
    const copyLast = vi.fn();
    const failures = registerHotkeys(globalShortcut, { copyLast: 'CmdOrCtrl+Shift+L', openWindow: 'CmdOrCtrl+Shift+U', shareClipboard: '' }, { copyLast: { run: copyLast }, openWindow: { run: vi.fn() }, shareClipboard: { run: vi.fn() } });
    expect(failures).toEqual([{ action: 'openWindow', accelerator: 'CmdOrCtrl+Shift+U', message: expect.stringMatching(/already used by another app.*settings/) }]);
    registered.get('CmdOrCtrl+Shift+L')!();
    expect(copyLast).toHaveBeenCalledTimes(1);
    // An empty binding turns the hotkey off; an unparsable one is reported, not thrown.
    globalShortcut.register.mockImplementationOnce(() => {
      throw new Error('conversion failure');
    });
    expect(registerHotkeys(globalShortcut, { copyLast: 'Hyper+?', openWindow: '', shareClipboard: '' }, { copyLast: { run: copyLast }, openWindow: { run: vi.fn() }, shareClipboard: { run: vi.fn() } }).map((f) => f.action)).toEqual(['copyLast']);
  });
});
