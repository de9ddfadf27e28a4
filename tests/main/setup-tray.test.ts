// The tray: a click opens the window except on macOS, where it opens the menu; "Show Last Link as
// QR Code" opens the window on that link's QR code.
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { photo, useShellHarness } from '../helpers/shell-harness';

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

  it('"Show Last Link as QR Code" opens the window on the last link’s QR view, once its page has loaded', async () => {
    const s = await start({ startHidden: true });
    const done = s.outcome();
    s.shell.share([await photo(s.home, 'qr.jpg')]);
    await done;
    const live = s.engine.history()[0]!;
    const menu = await s.trays[0]!.menuWhere((m) => m.find((i) => i.label === 'Show Last Link as QR Code')?.enabled === true);
    const showViews = () => s.window.webContents.sent.filter(([c]) => c === IPC.showView);
    menu.find((i) => i.label === 'Show Last Link as QR Code')!.click!();
    expect(s.createWindow).toHaveBeenCalledTimes(1);
    expect(showViews()).toEqual([]); // a new window: its page would not hear it yet
    s.window.webContents.finishLoad('app://dmdrop/index.html');
    expect(showViews()).toEqual([[IPC.showView, { view: 'qr', id: live.id }]]);
    // The window is up already: the view is asked for at once.
    menu.find((i) => i.label === 'Show Last Link as QR Code')!.click!();
    expect(showViews()).toHaveLength(2);
  });
});
