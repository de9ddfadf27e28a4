// Photos that failed because the provider could not be reached are retried by themselves: later
// and later while the network stays away, at once when the machine says it may be back, and never
// for failures only the user can fix. The schedule is the test's: it fires timers when it chooses.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { openEngine, type Engine } from '../../../src/core/engine/engine';
import type { ShareOutcome } from '../../../src/core/engine/engine-events';
import { NetworkRecovery, type Schedule } from '../../../src/core/engine/network-recovery';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator | undefined;
let engine: Engine | undefined;
let recovery: NetworkRecovery | undefined;
afterEach(async () => {
  recovery?.close();
  await engine?.close();
  await emu?.close();
  recovery = engine = emu = undefined;
});

/** A schedule that only records: `next()` resolves when something is scheduled, `fire()` runs it. */
function manualSchedule() {
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  let notify: (() => void) | undefined;
  const schedule: Schedule = (fn, ms) => {
    const timer = { fn, ms, cancelled: false };
    timers.push(timer);
    notify?.();
    return () => void (timer.cancelled = true);
  };
  return {
    schedule,
    timers,
    next: () => new Promise<void>((resolve) => (notify = resolve)),
    fire: () => timers.at(-1)!.fn(),
  };
}

async function setup(refreshToken?: string) {
  emu = await startDropboxEmulator();
  const dataDir = await tempDir();
  engine = await openEngine({
    dataDir,
    settings: await loadFileSettings(dataDir),
    secrets: noSecrets,
    clock: instantClock(), // a call's own retries are used up at once
    env: { ...emu.dmdropEnv({ signedIn: false }), DMDROP_DROPBOX_REFRESH_TOKEN: refreshToken ?? emu.issueRefreshToken() },
  });
  const clock = manualSchedule();
  let sharedNow: ((o: ShareOutcome[]) => void) | undefined;
  recovery = new NetworkRecovery(engine, { schedule: clock.schedule, onShared: (o) => sharedNow?.(o) });
  const shared = () => new Promise<ShareOutcome[]>((resolve) => (sharedNow = resolve));
  const photo = join(await tempDir(), 'beach.jpg');
  await writeFile(photo, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#4a8' } }).jpeg().toBuffer());
  return { emu, engine, recovery, clock, shared, photo };
}

describe('network recovery', () => {
  it('retries later and later while the network is away, and shares the photo once it is back', async () => {
    const { emu, engine, recovery, clock, shared, photo } = await setup();
    await emu.networkGone();
    const [failed] = await engine.share([photo]);
    expect(failed).toMatchObject({ ok: false, error: { code: 'NETWORK_ERROR' } });
    expect(clock.timers.map((t) => t.ms)).toEqual([15_000]);
    expect(recovery.waiting).toBe(true);

    const rescheduled = clock.next();
    clock.fire(); // still down: the retry fails and waits longer
    await rescheduled;
    expect(clock.timers.map((t) => t.ms)).toEqual([15_000, 30_000]);

    await emu.networkBack();
    const done = shared();
    clock.fire();
    const [outcome] = await done;
    expect(outcome).toMatchObject({ ok: true, file: photo, verified: true });
    expect(emu.files()).toHaveLength(1);
    expect(engine.history()[0]).toMatchObject({ status: 'live' });
    expect(recovery.waiting).toBe(false);
    expect(clock.timers).toHaveLength(2); // nothing failed any more: nothing is scheduled
  });

  it('tries at once when told the network may be back', async () => {
    const { emu, engine, recovery, clock, shared, photo } = await setup();
    await emu.networkGone();
    await engine.share([photo]);
    await emu.networkBack();
    const done = shared();
    recovery.networkMayBeBack();
    expect(clock.timers[0]!.cancelled).toBe(true);
    expect((await done)[0]).toMatchObject({ ok: true });
    expect(emu.files()).toHaveLength(1);
  });

  it('told during a retry that the network may be back, tries once more right after it', async () => {
    const { emu, engine, recovery, clock, photo } = await setup();
    await emu.networkGone();
    await engine.share([photo]);
    const rescheduled = clock.next();
    clock.fire();
    recovery.networkMayBeBack(); // the retry is running: it is not interrupted, but followed at once
    await rescheduled;
    // Two retries failed (the timer's and the one asked for), and only then a longer wait.
    expect(clock.timers.map((t) => t.ms)).toEqual([15_000, 60_000]);
  });

  it('uploads a photo once when the user also shared it again by hand while offline', async () => {
    const { emu, engine, clock, shared, photo } = await setup();
    await emu.networkGone();
    const [first] = await engine.share([photo]);
    const [again] = await engine.share([photo]); // the Retry button, still offline
    expect([first, again].map((o) => !o!.ok && o!.error.code)).toEqual(['NETWORK_ERROR', 'NETWORK_ERROR']);
    await emu.networkBack();
    const done = shared();
    clock.fire();
    const outcomes = await done;
    expect(outcomes.map((o) => o.jobId)).toEqual([again!.jobId]);
    expect(emu.requests.filter((r) => r.route === 'files/upload' && r.status === 200)).toHaveLength(1);
    expect(engine.history().find((e) => e.id === first!.jobId)).toMatchObject({ status: 'failed', error: { code: 'SUPERSEDED' } });
  });

  it('leaves failures only the user can fix alone: a lost sign-in, a damaged photo', async () => {
    const { engine, recovery, clock, photo } = await setup('not-a-refresh-token');
    const [signIn] = await engine.share([photo]);
    const damaged = join(await tempDir(), 'half.jpg');
    const full = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a48' } }).jpeg().toBuffer();
    await writeFile(damaged, full.subarray(0, full.length / 2));
    const [corrupt] = await engine.share([damaged]);
    expect(signIn).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^AUTH_/) } });
    expect(corrupt).toMatchObject({ ok: false, error: { code: 'IMAGE_CORRUPT' } });
    expect(clock.timers).toHaveLength(0);
    expect(recovery.waiting).toBe(false);
  });
});
