// The window: notices said while no page was loaded wait for it, and once seen there the tray
// stops repeating them.
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('the window', () => {
  it('where notifications cannot be shown, the tray and the window still say what happened', async () => {
    const s = await start({ notificationsSupported: false, startHidden: true, startupProblems: ['Some settings were not valid (maxEdge), so DM Drop reset them to their defaults.'] });
    expect(s.notifications).toHaveLength(0);
    const tray = s.trays[0]!;
    await tray.menuWhere((m) => m.some((i) => /^DM Drop started with a problem: Some settings were not valid/.test(i.label ?? '')));
    expect(tray.tooltip).toMatch(/DM Drop: DM Drop started with a problem/);
    // The window was closed: the notice waits for the page, then is said once.
    s.shell.openWindow();
    expect(s.window.webContents.sent.filter(([c]) => c === IPC.notice)).toHaveLength(0);
    s.window.webContents.finishLoad('app://dmdrop/index.html');
    expect(s.window.webContents.sent.filter(([c]) => c === IPC.notice)).toEqual([[IPC.notice, { kind: 'error', message: expect.stringMatching(/reset them to their defaults/) }]]);
    // Seen in the window: the tray stops repeating it.
    await tray.menuWhere((m) => !m.some((i) => /^DM Drop started with a problem/.test(i.label ?? '')));
    expect(tray.tooltip).toBe('DM Drop');
  });
});
