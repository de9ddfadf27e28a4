// The app's watcher: the folders from settings, and photos that failed offline retried by
// themselves, at once when the machine wakes up.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instantClock } from '../helpers/instant-clock';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('the watcher', () => {
  it('retries a photo that failed offline by itself, at once when the machine wakes up', async () => {
    const s = await start({ clock: instantClock() }); // a call's own retries are used up at once
    const file = await photo(s.home, 'offline.jpg');
    await s.emu.networkGone();
    const failed = s.outcome();
    s.trays[0]!.emit('drop-files', {}, [file]);
    await failed;
    expect(s.engine.history()[0]).toMatchObject({ file, status: 'failed' });
    expect(s.notifications.at(-1)!.options.body).toMatch(/try again by itself when the connection is back/);
    expect(s.shell.watcher()!.retryWaiting).toBe(true);
    const told = s.notifications.length;
    // Woken while still offline: the retry fails again, quietly (the user was told once).
    const failedAgain = s.outcome();
    s.electron.powerMonitor.emit('resume');
    await failedAgain;
    expect(s.notifications).toHaveLength(told);
    await s.emu.networkBack();
    const shared = s.outcome();
    s.electron.powerMonitor.emit('resume'); // during or after that retry: one more try either way
    await shared;
    expect(s.engine.history()[0]).toMatchObject({ file, status: 'live' });
    expect(s.clipboard).toEqual([s.engine.history()[0]!.dm]);
    expect(s.emu.files()).toHaveLength(1);
    expect(s.shell.watcher()!.retryWaiting).toBe(false);
  });
});

describe('the watched folders', () => {
  it('watches the drop folder in the home this computer gives, created on first use', async () => {
    const s = await start({ startHidden: true });
    expect(s.shell.watcher()!.folders.map((f) => [f.path, f.kind])).toEqual([[join(s.home, 'DM Drop'), 'drop']]);
    expect(existsSync(join(s.home, 'DM Drop'))).toBe(true);
  });
});
