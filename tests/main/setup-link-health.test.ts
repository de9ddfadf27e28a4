// Link health in the app: live links are checked in the background on the shell's clock, the
// page hears when a link's health changes, and a check asked from the window answers at once.
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { manualClock } from '../helpers/manual-clock';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('link health in the app', () => {
  it('checks a new link in the background, and says in the page when its health changes', async () => {
    const clock = manualClock();
    const s = await start({ shellClock: clock });
    s.window.webContents.finishLoad('app://dmdrop/index.html');
    const done = s.outcome();
    await s.invoke(IPC.shareFiles, { paths: [await photo(s.home, 'checked.jpg')] });
    await done;
    const id = s.engine.history()[0]!.id;
    expect(await s.invoke(IPC.listHistory, {})).toEqual({ ok: true, items: [expect.objectContaining({ id, health: 'unchecked' })] });
    const changes = () => s.window.webContents.sent.filter(([c]) => c === IPC.historyChanged).length;
    const before = changes();
    await clock.advance(60_000);
    await expect.poll(() => changes()).toBe(before + 1);
    expect(await s.invoke(IPC.listHistory, {})).toEqual({ ok: true, items: [expect.objectContaining({ id, health: 'live', checkedAt: new Date(Date.UTC(2026, 10, 25, 12, 1, 0)).toISOString() })] });
  });

  it('answers a check asked from the window: a link removed at the provider reads as broken, and stays live in history', async () => {
    const s = await start({ shellClock: manualClock() });
    const done = s.outcome();
    s.shell.share([await photo(s.home, 'removed.jpg')]);
    await done;
    const id = s.engine.history()[0]!.id;
    s.emu.misbehave.linkReturnsNotFound(s.emu.files()[0]!.path);
    expect(await s.invoke(IPC.checkHealth, { id })).toMatchObject({ ok: true, item: { id, status: 'live', health: 'broken' } });
  });
});
