// The tray: a click opens the window except on macOS, where it opens the menu.
import { describe, expect, it } from 'vitest';
import { useShellHarness } from '../helpers/shell-harness';

const { start, stop } = useShellHarness();

describe('the tray', () => {
  it('on macOS a tray click leaves the window alone (the click opens the menu); elsewhere it opens the window', async () => {
    const mac = await start({ platform: 'darwin', startHidden: true });
    mac.trays[0]!.emit('click');
    expect(mac.createWindow).not.toHaveBeenCalled();
    await stop();
    const linux = await start({ platform: 'linux', startHidden: true });
    linux.trays[0]!.emit('click');
    expect(linux.createWindow).toHaveBeenCalledTimes(1);
  });
});
