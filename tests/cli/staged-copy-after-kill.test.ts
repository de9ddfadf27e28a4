// Found by the kill soak (seed 999689, a Drive batch killed 0.5 s after its photos were accepted):
// a photo whose "verified" step was written but whose staged copy (the resized, cleaned JPEG in
// <data dir>/staging) was not yet removed kept that copy for ever, since a live photo is never
// resumed. Killed at exactly that instant (DMDROP_CRASH_AT=after-verify, right after the write),
// then resumed: nothing may be left in staging, for a single photo and for an album's photo.
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { useTempDirs } from '../helpers/temp-dir';
import { collect, jsonLines, runCli, startCli, waitForStderr } from '../helpers/run-cli';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  emu = await startDropboxEmulator();
  dataDir = await tempDir();
  env = { DMDROP_HOME: dataDir, ...emu.dmdropEnv() };
});
afterEach(async () => {
  await emu.close();
});

async function photos(count: number): Promise<string[]> {
  const dir = await tempDir();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const path = join(dir, `p${i}.jpg`);
      await writeFile(path, await sharp({ create: { width: 300 + i, height: 200, channels: 3, background: '#3a6', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
      return path;
    }),
  );
}

const staged = async () => (existsSync(join(dataDir, 'staging')) ? await readdir(join(dataDir, 'staging')) : []);

describe('killed right after a photo went live', () => {
  it.each([
    ['a single photo', [] as string[], 1],
    ['an album photo', ['--album', 'Harbour'], 2],
  ])('%s: resume leaves no staged copy behind', async (_, extra, count) => {
    const files = await photos(count);
    const child = startCli(['share', '--json', ...extra, ...files], { ...env, DMDROP_CRASH_AT: 'after-verify' });
    const result = collect(child);
    await waitForStderr(child, 'DMDROP_CRASH_POINT after-verify');
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');

    const resumed = await runCli(['resume', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const history = jsonLines((await runCli(['history', '--json'], env)).stdout);
    expect(history.map((h) => h.status)).toEqual(files.map(() => 'live'));
    expect(emu.files()).toHaveLength(count);
    expect(await staged()).toEqual([]);
  });
});
