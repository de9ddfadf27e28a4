// Following a file until it has finished being written, on real files: its structure decides, a
// format that cannot say waits for a quiet spell, a dead writer is given up on. The test holds
// the timers and fires them; nothing waits for time.
import { rm, writeFile, appendFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FinishedFiles, markOf } from '../../../src/core/watch/finished-files';
import type { FileMark } from '../../../src/core/watch/watch-state';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

function follow() {
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const work: Promise<void>[] = [];
  const finished: { path: string; folder: string; mark: FileMark }[] = [];
  const abandoned: string[] = [];
  const changedAgain: string[] = [];
  const files = new FinishedFiles<string>({
    quietMs: 500,
    abandonMs: 120_000,
    finished: async (path, folder, mark) => void finished.push({ path, folder, mark }),
    abandoned: (path) => void abandoned.push(path),
    changedAgain: (path) => void changedAgain.push(path),
    track: (promise) => void work.push(promise),
    schedule: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  /** Fires the pending timers of this length and waits for the work they started. */
  const fire = async (ms: number) => {
    for (const timer of timers.filter((t) => t.ms === ms && !t.cancelled)) {
      timer.cancelled = true;
      timer.fn();
    }
    await Promise.all(work.splice(0));
  };
  const pending = () => timers.filter((t) => !t.cancelled).map((t) => t.ms);
  return { files, finished, abandoned, changedAgain, fire, pending };
}

const png = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#456' } }).png().toBuffer();

describe('finished files', () => {
  it('waits for the next change while the structure is incomplete, then reports the file with its mark', async () => {
    const path = join(await tempDir(), 'shot.png');
    const data = await png();
    const f = follow();
    await writeFile(path, data.subarray(0, data.length - 12)); // IEND not written yet
    f.files.changed(path, '/shots');
    expect(f.pending().sort()).toEqual([0, 120_000]); // settle, and the give-up
    await f.fire(0);
    expect(f.finished).toEqual([]);
    expect(f.pending()).toEqual([120_000]); // no timer loop: the next change is what we wait for

    await appendFile(path, data.subarray(data.length - 12));
    f.files.changed(path, '/shots');
    await f.fire(0);
    expect(f.finished).toEqual([{ path, folder: '/shots', mark: await markOf(path) }]);
    expect(f.files.isFollowing(path)).toBe(false);
    expect(f.pending()).toEqual([]); // the give-up timer went with it
  });

  it('takes a format that cannot say as finished after a quiet spell, and hands back one that changed', async () => {
    const dir = await tempDir();
    const quiet = join(dir, 'scan.bin');
    const busy = join(dir, 'busy.bin');
    await writeFile(quiet, 'not an image format we can read');
    await writeFile(busy, 'still growing');
    const f = follow();
    f.files.changed(quiet, '/drop');
    f.files.changed(busy, '/drop');
    await f.fire(0);
    expect(f.pending().filter((ms) => ms === 500)).toHaveLength(2);
    await appendFile(busy, ' and growing');
    await utimes(busy, new Date(), new Date(Date.now() + 5_000));
    await f.fire(500);
    expect(f.finished.map((x) => x.path)).toEqual([quiet]);
    expect(f.changedAgain).toEqual([busy]);
  });

  it('gives up on a file whose writer died, and forgets one deleted before it was read', async () => {
    const dir = await tempDir();
    const dead = join(dir, 'dead.png');
    const gone = join(dir, 'gone.png');
    const data = await png();
    await writeFile(dead, data.subarray(0, 40));
    await writeFile(gone, data);
    const f = follow();
    f.files.changed(dead, '/shots');
    f.files.changed(gone, '/shots');
    await rm(gone);
    await f.fire(0);
    expect(f.files.isFollowing(gone)).toBe(false);
    await f.fire(120_000);
    expect(f.abandoned).toEqual([dead]);
    expect(f.finished).toEqual([]);
  });

  it('stops every timer on close', async () => {
    const path = join(await tempDir(), 'a.png');
    await writeFile(path, (await png()).subarray(0, 40));
    const f = follow();
    f.files.changed(path, '/shots');
    f.files.close();
    expect(f.pending()).toEqual([]);
    expect(f.files.isFollowing(path)).toBe(false);
  });
});
