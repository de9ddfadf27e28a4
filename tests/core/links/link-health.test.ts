// Link health in the background, on a clock the test moves: nothing waits while no link is live,
// a new link wakes it, checks are spaced and each link is asked at most every maxAge; a link closed
// outside DM Drop reads as broken, and checking never closes anything. Real engine, real Dropbox
// emulator over loopback, real photos.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { openEngine, type Engine } from '../../../src/core/engine/engine';
import { checkLiveLinks, LinkHealth, type LinkHealthRecord } from '../../../src/core/links/link-health';
import { manualClock } from '../../helpers/manual-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const MINUTE = 60_000;
const HOUR = 3_600_000;
let emu: DropboxEmulator | undefined;
let engine: Engine | undefined;
let health: LinkHealth | undefined;
afterEach(async () => {
  health?.close();
  await engine?.close();
  await emu?.close();
  health = engine = emu = undefined;
});

async function setup() {
  emu = await startDropboxEmulator();
  const dataDir = await tempDir();
  engine = await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, env: emu.dmdropEnv() });
  const clock = manualClock();
  const checked: { id: string; record: LinkHealthRecord; changed: boolean }[] = [];
  let onCheck: (() => void) | undefined;
  health = new LinkHealth({ engine, clock, onChecked: (id, record, changed) => (checked.push({ id, record, changed }), onCheck?.()) });
  /** Moves the clock and waits until `count` more checks have answered. */
  const advanceAndCheck = async (ms: number, count = 1) => {
    const target = checked.length + count;
    const done = new Promise<void>((resolve) => (onCheck = () => checked.length >= target && resolve()));
    await clock.advance(ms);
    await done;
  };
  const share = async (name: string) => {
    const file = join(await tempDir(), name);
    await writeFile(file, await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3a7' } }).jpeg().toBuffer());
    const [outcome] = await engine!.share([file]);
    if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
    return outcome;
  };
  return { clock, checked, advanceAndCheck, share, engine, emu, health };
}

describe('link health in the background', () => {
  it('waits for nothing while no link is live; a new link is checked one spacing after the start', async () => {
    const { clock, checked, advanceAndCheck, share } = await setup();
    expect(clock.pending()).toEqual([]);
    const { jobId } = await share('first.jpg');
    expect(clock.pending()).toEqual([MINUTE]);
    await advanceAndCheck(MINUTE);
    expect(checked).toEqual([{ id: jobId, record: { health: 'live', checkedAt: new Date(clock.now()).toISOString() }, changed: true }]);
    expect(health!.get(jobId)).toEqual(checked[0]!.record);
  });

  it('checks one link at a time, a spacing apart, and each again only once its check is maxAge old', async () => {
    const { clock, checked, advanceAndCheck, share } = await setup();
    const a = await share('a.jpg');
    const b = await share('b.jpg');
    await advanceAndCheck(MINUTE);
    await advanceAndCheck(MINUTE);
    expect(checked.map((c) => c.id).sort()).toEqual([a.jobId, b.jobId].sort());
    // Both fresh: the next wait is for the first one's check to be an hour old, not a poll.
    expect(clock.pending()).toEqual([HOUR - MINUTE]);
    await advanceAndCheck(HOUR - MINUTE);
    expect(checked).toHaveLength(3);
    expect(checked[2]).toMatchObject({ id: checked[0]!.id, changed: false });
  });

  it('reads a link closed outside DM Drop as broken, and closes nothing itself', async () => {
    const { checked, share, emu } = await setup();
    const { jobId } = await share('gone.jpg');
    expect(await health!.check(jobId)).toMatchObject({ health: 'live' });
    emu.misbehave.linkReturnsNotFound(emu.files()[0]!.path);
    expect(await health!.check(jobId)).toEqual({ health: 'broken', checkedAt: expect.any(String) });
    expect(checked.at(-1)).toMatchObject({ id: jobId, changed: true });
    expect(engine!.history()[0]).toMatchObject({ id: jobId, status: 'live' });
    expect(emu.requests.filter((r) => /revoke|delete/.test(r.route))).toEqual([]);
  });

  it('stops waiting when closed', async () => {
    const { clock, share } = await setup();
    await share('one.jpg');
    expect(clock.pending()).toHaveLength(1);
    health!.close();
    expect(clock.pending()).toEqual([]);
  });
});

describe('checking every live link at once (dmdrop history --check)', () => {
  it('says ok, closed, or failing when no answer came, and closes nothing', async () => {
    const { share, emu } = await setup();
    const open = await share('open.jpg');
    const closed = await share('closed.jpg');
    emu.misbehave.linkReturnsNotFound(emu.files().find((f) => f.path !== emu.files()[0]!.path)!.path);
    const reports = await checkLiveLinks(engine!);
    expect(reports.get(open.jobId)).toMatchObject({ health: 'ok' });
    expect(reports.get(closed.jobId)).toMatchObject({ health: 'closed', message: expect.stringMatching(/DM Drop did not close it/) });
    await emu.networkGone();
    expect([...(await checkLiveLinks(engine!)).values()].map((r) => r.health)).toEqual(['failing', 'failing']);
    await emu.networkBack();
    expect(engine!.history().map((e) => e.status)).toEqual(['live', 'live']);
    expect(emu.requests.filter((r) => /revoke|delete/.test(r.route))).toEqual([]);
  });
});
