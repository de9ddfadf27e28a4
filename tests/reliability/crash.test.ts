// Crash safety with real processes: batches of `dmdrop share` killed with SIGKILL at different
// instants (a journal change never written, mid-upload, before the journal knows an upload happened,
// after upload, after share, after verify, inside an album), then `dmdrop resume`: every photo
// shared exactly once, none lost.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { collect, jsonLines, runCli, startCli, waitForStderr } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';
import { recordFigures } from './figures';

const tempDir = useTempDirs();
let emu: DropboxEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const BATCHES = [
  { point: 'mid-journal-write', album: false },
  { point: 'mid-upload', album: false },
  { point: 'before-upload-journal', album: false },
  { point: 'after-upload', album: false },
  { point: 'after-share', album: false },
  { point: 'after-verify', album: false },
  { point: 'after-album-share', album: true },
] as const;

describe('SIGKILL at any step, then resume', () => {
  it('seven killed-and-resumed batches end with every photo shared once: no loss, no duplicate', async () => {
    emu = await startDropboxEmulator();
    const env = { DMDROP_HOME: await tempDir(), ...emu.dmdropEnv() };
    const dir = await tempDir();
    let photos = 0;
    for (const [b, batch] of BATCHES.entries()) {
      const files: string[] = [];
      for (let i = 0; i < 3; i++) {
        const path = join(dir, `b${b}-p${i}.jpg`);
        await writeFile(path, await sharp({ create: { width: 320 + b * 10 + i, height: 240, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
        files.push(path);
      }
      photos += files.length;
      // mid-upload needs a chunked upload: a tiny session threshold makes every photo chunked.
      const child = startCli(['share', '--json', ...(batch.album ? ['--album', `Batch ${b}`] : []), ...files], {
        ...env,
        DMDROP_CRASH_AT: batch.point,
        DMDROP_DROPBOX_CHUNK_THRESHOLD: '4096',
        DMDROP_DROPBOX_CHUNK_SIZE: '4096',
      });
      const done = collect(child);
      await waitForStderr(child, `DMDROP_CRASH_POINT ${batch.point}`);
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      const resumed = await runCli(['resume', '--json'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
    }
    const history = jsonLines((await runCli(['history', '--json'], env)).stdout);
    expect(history).toHaveLength(photos);
    expect(history.every((h) => h.status === 'live')).toBe(true);
    const stored = emu.files();
    const duplicates = stored.length - new Set(stored.map((f) => f.sha256)).size;
    expect(stored).toHaveLength(photos);
    expect(duplicates).toBe(0);
    await recordFigures('crash', { batches: BATCHES.length, killPoints: BATCHES.map((b) => b.point).join(', '), photos, shared: history.length, lost: photos - history.length, duplicates });
  }, 180_000); // fourteen dmdrop processes: on a busy 2-core machine one minute was not enough
});
