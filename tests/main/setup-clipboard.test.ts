// Copying links: a second launch's photo lands on the clipboard, the hotkey and the tray copy the
// last and recent links, and "copied" is said only once the clipboard really has the text.
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('the clipboard', () => {
  it('shares files from a second launch, copies the DM text, and the hotkey copies the last link again', async () => {
    const s = await start();
    const file = await photo(s.home, 'beach.jpg');
    const done = s.outcome();
    s.shell.secondLaunch(['/opt/dm-drop/dm-drop', 'beach.jpg'], s.home);
    await done;
    const live = s.engine.history()[0]!;
    expect(live).toMatchObject({ file, status: 'live' });
    expect(s.clipboard).toEqual([live.dm]);
    const told = once(s.events, 'notification');
    s.shortcuts.get('Control+Alt+Shift+L')!();
    const [note] = (await told) as [{ options: { title: string } }];
    // Said only after the (asynchronous) write landed.
    expect(note.options.title).toBe('Link copied');
    expect(s.clipboard).toEqual([live.dm, live.dm]);
    // The tray's recent links now hold it; clicking one copies it.
    const menu = await s.trays[0]!.menuWhere((m) => (m.find((i) => i.label === 'Recent Links')?.submenu?.length ?? 0) > 0);
    const copiedAgain = once(s.events, 'clipboard');
    menu.find((m) => m.label === 'Recent Links')!.submenu![0]!.click!();
    await copiedAgain;
    expect(s.clipboard.at(-1)).toBe(live.dm);
    expect(await s.invoke(IPC.copyLink, { id: live.id })).toEqual({ ok: true, copied: true });
  });
  it('says "copied" only once the clipboard has the text, and says so when the write fails', async () => {
    const s = await start();
    const done = s.outcome();
    s.shell.share([await photo(s.home, 'copy.jpg')]);
    await done;
    const live = s.engine.history()[0]!;
    s.failClipboard();
    expect(await s.invoke(IPC.copyLink, { id: live.id })).toEqual({ ok: true, copied: false });
    expect(s.notifications.map((n) => n.options.title)).not.toContain('Link copied');
    expect(s.notifications.at(-1)!.options.title).toBe('Could not copy the link');
    expect(await s.shell.copyLastLink()).toBe(false);
    s.failClipboard(false);
    expect(await s.shell.copyLastLink()).toBe(true);
    expect(s.notifications.at(-1)!.options.title).toBe('Link copied');
  });
});
