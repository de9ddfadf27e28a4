// The shell as a whole: startShell sets every feature up, with Electron replaced by the fake and
// everything else real (the engine, the Dropbox emulator, files on disk).
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('desktop shell', () => {
  it('puts a tray with its menu up, registers hotkeys and IPC, and honours start-at-login', async () => {
    const s = await start();
    const tray = s.trays[0]!;
    expect(tray.image).toBe('/app/resources/tray-idle-dark.png');
    expect(tray.menu.filter((m) => m.label).map((m) => m.label)).toContain('Copy Last Link');
    expect([...s.shortcuts.keys()]).toEqual(['Control+Alt+Shift+L', 'Control+Alt+Shift+U', 'Control+Alt+Shift+V']);
    expect(s.loginItem.set.mock.calls).toEqual([[false]]);
    // Every invoke channel of the contract has its handler (the rest are pushed events).
    const pushed: string[] = [IPC.progress, IPC.historyChanged, IPC.notice, IPC.showView];
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).filter((c) => !pushed.includes(c)).sort());
    await s.invoke(IPC.updateSettings, { startAtLogin: true });
    expect(s.loginItem.set.mock.calls).toEqual([[false], [true]]);
    expect(s.settings.get().startAtLogin).toBe(true);
    // Other settings leave the login item alone.
    await s.invoke(IPC.updateSettings, { maxEdge: 1600 });
    expect(s.loginItem.set).toHaveBeenCalledTimes(2);
    // Launched by hand (not --hidden): the window opened; a tray click brings back the same one.
    expect(s.createWindow).toHaveBeenCalledTimes(1);
    tray.emit('click');
    expect(s.createWindow).toHaveBeenCalledTimes(1);
    expect(s.window.show).toHaveBeenCalledTimes(2);
  });
});
