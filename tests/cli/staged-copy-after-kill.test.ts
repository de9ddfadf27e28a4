// Found by the kill soak (seed 999689, a Drive batch killed 0.5 s after its photos were accepted):
// a photo whose "verified" step was written but whose staged copy (the resized, cleaned JPEG in
// <data dir>/staging) was not yet removed kept that copy for ever, since a live photo is never
// resumed. Killed at exactly that instant (DMDROP_CRASH_AT=after-verify, right after the write),
// then resumed: nothing may be left in staging, for a single photo and for an album's photo.
//
// A power cut is harsher than a kill: a staged copy written but not yet on the disk can come back
// missing or empty (ext4 and APFS allocate a new file's blocks late) while the journal's step
// "optimised" did reach it. A resumed job must make the copy again from the original: before, it
// uploaded the empty file, then failed its link check for ever. Simulated by a kill right after that
// step, then the copy damaged by hand. (When the upload had already reached the provider:
// tests/core/engine/staged-copies.test.ts.)
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
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

describe('a staged copy lost to a power cut', () => {
  it.each([
    ['missing', async () => undefined],
    ['empty', (path: string) => writeFile(path, '')],
    ['holding other bytes', (path: string) => writeFile(path, 'not the photo')],
  ])('%s: resume makes the copy again from the original and shares it once', async (_, damage) => {
    const [file] = await photos(1);
    const child = startCli(['share', '--json', file!], { ...env, DMDROP_CRASH_AT: 'after-optimise' });
    const result = collect(child);
    await waitForStderr(child, 'DMDROP_CRASH_POINT after-optimise');
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');
    // The copy, or its temporary name while it is still being synced: named after its job.
    const [copy] = await staged();
    expect(copy).toMatch(/^[0-9a-f-]{36}\.jpg/);
    expect(emu.files()).toHaveLength(0);
    await rm(join(dataDir, 'staging'), { recursive: true });
    await mkdir(join(dataDir, 'staging'));
    await damage(join(dataDir, 'staging', `${copy!.slice(0, 36)}.jpg`));

    const resumed = await runCli(['resume', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(jsonLines(resumed.stdout)).toEqual([expect.objectContaining({ ok: true, verified: true })]);
    expect(emu.files()).toHaveLength(1);
    expect(emu.files()[0]!.size).toBeGreaterThan(1000);
    expect(await staged()).toEqual([]);
  });
});
