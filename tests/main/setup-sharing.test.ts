// Sharing from the shell: pasted images get a file of their own in the data dir, the window's
// expiry choice becomes the link's, progress reaches the page and the tray, and a refused share
// becomes failed rows and a notification, never an unhandled rejection.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('sharing', () => {
  it('shares a pasted image from a file of its own in the data dir', async () => {
    const s = await start({ startHidden: true });
    const data = new Uint8Array(await sharp({ create: { width: 200, height: 120, channels: 3, background: '#a73' } }).png().toBuffer());
    const done = s.outcome();
    expect(await s.invoke(IPC.sharePasted, { data, type: 'image/png' })).toEqual({ ok: true, accepted: 1 });
    await done;
    expect(s.engine.history()[0]).toMatchObject({ status: 'live', file: expect.stringMatching(new RegExp(`^${s.dataDir}/pasted/pasted-[0-9a-f]{8}\\.png$`)) });
  });

  it('turns the expiry chosen in the window into the link’s, and reports progress to the page and the tray', async () => {
    const s = await start();
    s.window.webContents.finishLoad('app://dmdrop/index.html');
    const done = s.outcome();
    const before = Date.now();
    await s.invoke(IPC.shareFiles, { paths: [await photo(s.home, 'soon.jpg')], expires: '1h' });
    await done;
    const expiresAt = Date.parse(s.engine.history()[0]!.expiresAt!);
    expect(expiresAt - before).toBeGreaterThanOrEqual(3_600_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(3_600_000);
    const stages = s.window.webContents.sent.filter(([c]) => c === IPC.progress).map(([, p]) => (p as { stage: string }).stage);
    expect(stages[0]).toBe('queued');
    expect(stages.at(-1)).toBe('done');
    await s.trays[0]!.menuWhere((m) => m[0]!.label === 'Ready');
  });

  it('says a share the engine refuses as failed rows and a notification', async () => {
    const s = await start({ connected: false, startHidden: true });
    s.window.webContents.finishLoad('app://dmdrop/index.html');
    s.shell.openWindow();
    s.shell.share([await photo(s.home, 'nobody.jpg')]);
    await s.trays[0]!.menuWhere((m) => m[0]!.label === 'Something needs your attention');
    const failed = s.window.webContents.sent.filter(([c, p]) => c === IPC.progress && (p as { stage: string }).stage === 'failed');
    expect(failed).toEqual([[IPC.progress, expect.objectContaining({ file: expect.stringMatching(/nobody\.jpg$/), error: expect.objectContaining({ code: 'NOT_CONNECTED' }) })]]);
    expect(s.said).toEqual([{ title: 'Could not share', body: expect.stringMatching(/No Dropbox account is connected/) }]);
  });
});
