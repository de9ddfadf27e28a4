// The page's requests reach the shell's features: every invoke channel of the contract has a
// handler once the shell is up.
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('IPC setup', () => {
  it('registers a handler for every invoke channel (the rest are pushed events), answering our page', async () => {
    const s = await start({ startHidden: true });
    const pushed: string[] = [IPC.progress, IPC.historyChanged, IPC.notice, IPC.showView];
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).filter((c) => !pushed.includes(c)).sort());
    expect(await s.invoke(IPC.getInfo)).toMatchObject({ version: '0.1.0', platform: 'linux' });
    await s.invoke(IPC.updateSettings, { maxEdge: 1600 });
    expect(s.settings.get()).toMatchObject({ maxEdge: 1600, hotkeys: { copyLast: 'Control+Alt+Shift+L' } });
  });
});
