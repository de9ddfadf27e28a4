// Files from a launch: a second launch's files are shared (so are files dropped on the tray icon);
// without files it brings the window up.
import { describe, expect, it } from 'vitest';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('file arguments', () => {
  it('shares files dropped on the tray icon, and a second launch without files opens the window', async () => {
    const s = await start();
    const file = await photo(s.home, 'dropped.jpg');
    const done = s.outcome();
    s.trays[0]!.emit('drop-files', {}, [file]);
    await done;
    expect(s.engine.history()[0]).toMatchObject({ file, status: 'live' });
    s.window.show.mockClear();
    s.shell.secondLaunch(['/opt/dm-drop/dm-drop'], s.home);
    expect(s.window.show).toHaveBeenCalled();
  });
});
