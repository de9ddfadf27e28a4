// A live album whose check fails when photos join keeps its link, and is checked again later by
// itself: the waiting photos join once a check passes. Nothing here waits on a clock: the test
// holds the schedule and fires it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../../emulators/dropbox/server';
import { AlbumRecheckSchedule, RECHECK_DELAYS_MS, RECHECK_LIMIT } from '../../../src/core/engine/album-recheck';
import { openEngine } from '../../../src/core/engine/engine';
import type { ShareOutcome } from '../../../src/core/engine/engine-events';
import { createFileSecretStore } from '../../../src/core/config/file-secret-store';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { Journal } from '../../../src/core/queue/journal';
import { instantClock } from '../../helpers/instant-clock';
import { useTempDirs } from '../../helpers/temp-dir';
import { closeAfterEach } from '../../helpers/close-after-each';

const tempDir = useTempDirs();
const closing = closeAfterEach();

async function photo(dir: string, i: number): Promise<string> {
  const path = join(dir, `shot-${i}.jpg`);
  await writeFile(path, await sharp({ create: { width: 200 + i, height: 150, channels: 3, background: '#446688', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
  return path;
}

it('checks a failing live album again on its schedule, keeps its link meanwhile, and lets the waiting photo in', async () => {
  const emu = closing(await startDropboxEmulator());
  const dir = await tempDir();
  const scheduled: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  let onScheduled = () => {};
  const nextScheduled = () => new Promise<void>((resolve) => (onScheduled = resolve));
  const engine = closing(await openEngine({
    dataDir: dir,
    settings: await loadFileSettings(dir),
    secrets: createFileSecretStore(dir),
    clock: instantClock(),
    env: emu.dmdropEnv(),
    recheck: {
      schedule: (fn, ms) => {
        const entry = { fn, ms, cancelled: false };
        scheduled.push(entry);
        onScheduled();
        return () => void (entry.cancelled = true);
      },
    },
  }));
  const key = 'watch:/screens:2026-12-01';
  const first = await engine.shareAlbum([await photo(dir, 1)], { key });
  if (!first.album.ok) throw new Error(JSON.stringify(first.album));

  emu.misbehave.allLinksServeWrongBytes();
  const second = await photo(dir, 2);
  const failed = await engine.shareAlbum([second], { key });
  expect(failed.album.ok).toBe(false);
  expect(scheduled.map((s) => s.ms)).toEqual([RECHECK_DELAYS_MS[0]]);
  const health = () => engine.history().map((e) => [e.file === second ? 'second' : 'first', e.status, e.albumHealth]).sort();
  expect(health()).toEqual([
    ['first', 'live', 'failing'],
    ['second', 'failed', 'failing'],
  ]);
  // Read only: the engine is still running and appending to the log.
  const journal = await Journal.open(dir, Date.now, { readOnly: true });
  expect(journal.albums()[0]).toMatchObject({ status: 'live', link: { url: first.album.url }, health: { state: 'failing', error: { code: 'LINK_NOT_VERIFIED' } } });

  // Still failing: checked again, later.
  const again = nextScheduled();
  scheduled[0]!.fn();
  await again;
  expect(scheduled.map((s) => s.ms)).toEqual(RECHECK_DELAYS_MS.slice(0, 2));

  emu.misbehave.reset();
  const joined = new Promise<ShareOutcome>((resolve) => {
    const off = engine.on((e) => e.type === 'outcome' && e.outcome.file === second && (off(), resolve(e.outcome)));
  });
  scheduled[1]!.fn();
  expect(await joined).toMatchObject({ ok: true, url: first.album.url });
  expect((await Journal.open(dir)).albums()[0]).toMatchObject({ status: 'live', step: 'verified', count: 2, health: { state: 'ok' } });
  expect(health()).toEqual([
    ['first', 'live', 'ok'],
    ['second', 'live', 'ok'],
  ]);
});

it('lets a photo that could not be uploaded into a live album join it on the next resume, same link', async () => {
  const emu = closing(await startDropboxEmulator());
  const dir = await tempDir();
  const engine = closing(await openEngine({ dataDir: dir, settings: await loadFileSettings(dir), secrets: createFileSecretStore(dir), clock: instantClock(), env: emu.dmdropEnv(), retry: { maxAttempts: 2 } }));
  const key = 'watch:/drop:2026-12-01';
  const first = await engine.shareAlbum([await photo(dir, 1)], { key });
  if (!first.album.ok) throw new Error(JSON.stringify(first.album));

  emu.faults.add({ route: /^files\/upload/, kind: '503', times: 2 });
  const second = await photo(dir, 2);
  const joined = await engine.shareAlbum([second], { key });
  expect(joined.members).toEqual([expect.objectContaining({ file: second, ok: false, error: expect.objectContaining({ code: 'PROVIDER_ERROR' }) })]);
  expect(joined.album).toMatchObject({ ok: true, url: first.album.url }); // the album itself is fine

  // What the automatic retry after a network failure runs:
  const retried = await engine.resume({ transientOnly: true });
  expect(retried).toEqual([expect.objectContaining({ file: second, ok: true, url: first.album.url })]);
  expect((await Journal.open(dir)).albums()[0]).toMatchObject({ status: 'live', count: 2 });
});

describe('the re-check schedule', () => {
  /** The schedule with a timer the test holds: `fire()` runs the pending check. */
  function held(delaysMs?: readonly number[]) {
    const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
    const checked: string[] = [];
    const schedule = new AlbumRecheckSchedule({
      recheck: (id) => checked.push(id),
      delaysMs,
      schedule: (fn, ms) => {
        const timer = { fn, ms, cancelled: false };
        timers.push(timer);
        return () => void (timer.cancelled = true);
      },
    });
    const fire = () => timers.filter((t) => !t.cancelled).at(-1)!.fn();
    return { schedule, timers, checked, fire };
  }

  it('waits longer after each failed check, repeats the last pause, and stops after about a day', () => {
    const { schedule, timers, checked, fire } = held();
    for (let i = 0; i < RECHECK_LIMIT; i++) {
      schedule.checkLater('a');
      fire();
    }
    expect(timers.map((t) => t.ms)).toEqual([...RECHECK_DELAYS_MS, ...Array(RECHECK_LIMIT - RECHECK_DELAYS_MS.length).fill(RECHECK_DELAYS_MS.at(-1))]);
    expect(checked).toHaveLength(RECHECK_LIMIT);
    expect(RECHECK_DELAYS_MS.slice(0, 3).reduce((a, b) => a + b) + (RECHECK_LIMIT - 3) * RECHECK_DELAYS_MS.at(-1)!).toBeGreaterThan(23 * 3_600_000);
    schedule.checkLater('a'); // the day is over: only a resume or a joining photo checks again
    expect(timers).toHaveLength(RECHECK_LIMIT);
    expect(schedule.isScheduled('a')).toBe(false);
  });

  it('keeps one pending check per album, starts over once the album passes, and fires nothing after close', () => {
    const { schedule, timers, checked } = held([10, 20]);
    schedule.checkLater('a');
    schedule.checkLater('a'); // failed again before the timer fired: the earlier timer is replaced
    expect(timers.map((t) => [t.ms, t.cancelled])).toEqual([
      [10, true],
      [20, false],
    ]);
    schedule.stop('a'); // passed
    expect(timers[1]!.cancelled).toBe(true);
    schedule.checkLater('a');
    expect(timers.at(-1)!.ms).toBe(10);

    schedule.checkLater('b');
    const pending = timers.at(-1)!;
    schedule.close();
    expect(timers.every((t) => t.cancelled)).toBe(true);
    pending.fn(); // a timer that fires anyway (already queued) checks nothing
    schedule.checkLater('c');
    expect(checked).toEqual([]);
    expect(timers.at(-1)).toBe(pending);
  });
});
