// Notifications: kept alive until they close (a click still works after a garbage collection), and
// what the OS refuses to show is said in the tray.
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../helpers/fake-electron';
import { useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('notifications', () => {
  it('keeps each notification until it closes, so a click still opens the window after a garbage collection', async () => {
    const s = await start();
    s.shell.notify('Link ready', 'The DM text is on your clipboard.');
    await collectGarbage();
    const onScreen = () => s.notifications.find((n) => n.options.title === 'Link ready');
    expect(onScreen(), 'collected while still on screen').toBeDefined();
    s.window.show.mockClear();
    onScreen()!.emit('click');
    expect(s.window.show).toHaveBeenCalled();
    onScreen()!.close();
    await collectGarbage();
    expect(s.notifications.find((n) => n.options.title === 'Link ready')).toBeUndefined();
  });
  it('a notification the OS refuses (unsigned macOS builds emit "failed") is said in the tray instead', async () => {
    const s = await start({ notificationsFail: true, startHidden: true });
    s.shell.notify('Link ready', 'The DM text is on your clipboard.');
    await s.trays[0]!.menuWhere((m) => m.some((i) => i.label === 'Link ready: The DM text is on your clipboard.'));
    expect(s.trays[0]!.tooltip).toBe('DM Drop: Link ready: The DM text is on your clipboard.');
  });
});
