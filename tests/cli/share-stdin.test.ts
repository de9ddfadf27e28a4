// `dmdrop share -`: an image piped in (`xclip … -o | dmdrop share -`) is shared like a file, through
// the real CLI and the Dropbox emulator, and the temporary copy does not outlive the command.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { readStdinImage } from '../../src/cli/stdin-image';
import { UsageError } from '../../src/cli/cli-io';
import { jsonLines, runCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let env: NodeJS.ProcessEnv;
let tmp: string;

beforeAll(async () => {
  // The child's os.tmpdir(): where its copy of standard input goes, so the test can see it leave
  // (tsx keeps its compile cache there too, hence one for the whole file).
  tmp = await mkdtemp(join(tmpdir(), 'dmdrop-test-tmp-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  emu = await startDropboxEmulator();
  env = { DMDROP_HOME: await tempDir(), TMPDIR: tmp, ...emu.dmdropEnv() };
});
afterEach(async () => {
  await emu.close();
});

/** Copies of standard input still in the temporary folder. */
const leftovers = async () => (await readdir(tmp)).filter((name) => name.startsWith('dmdrop-stdin-'));
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const screenshot = () => sharp({ create: { width: 1170, height: 2532, channels: 3, background: '#f4f4f4' } }).png().toBuffer();
const photo = () =>
  sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 120, sigma: 30 } } })
    .withExif({ IFD0: { Make: 'SecretCam' } })
    .jpeg({ quality: 90 })
    .toBuffer();

describe('dmdrop share -', () => {
  it.each([
    ['a PNG screenshot', screenshot, /\.png$/],
    ['a JPEG photo', photo, /\.jpg$/],
  ])('shares %s from standard input behind a verified link, then removes its copy', async (_, make, ext) => {
    const input = await make();
    const result = await runCli(['share', '--json', '--caption', 'from the clipboard', '-'], env, { input });
    expect(result.code, result.stderr).toBe(0);
    const [line] = jsonLines(result.stdout);
    expect(line).toMatchObject({ file: '-', ok: true, provider: 'dropbox', verified: true });
    expect(line!.dm).toBe(`📷 From the clipboard. Tap to view, no login needed: ${line!.url}`);
    const [stored] = emu.files();
    expect(stored!.path).toMatch(ext);
    // What reached Dropbox went through the pipeline: resized, no camera data.
    const meta = await sharp(emu.fileContents()[0]!).metadata();
    // A camera photo fits 2048 px; a flat screenshot keeps its own resolution to stay sharp.
    if (ext.test('x.png')) expect([meta.width, meta.height]).toEqual([1170, 2532]);
    else expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(2048);
    expect(meta.exif).toBeUndefined();
    expect(sha(emu.fileContents()[0]!)).not.toBe(sha(input));
    expect(await leftovers()).toEqual([]);
  });

  it('gives what is not an image the same error line as a file, and removes the copy', async () => {
    const result = await runCli(['share', '--json', '-'], env, { input: 'hello, not a picture\n' });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([expect.objectContaining({ file: '-', ok: false, error: expect.objectContaining({ code: 'NOT_AN_IMAGE' }) })]);
    expect(emu.files()).toHaveLength(0);
    expect(await leftovers()).toEqual([]);
  });

  it('says so when standard input is empty, and shares nothing', async () => {
    const result = await runCli(['share', '-'], env, { input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Standard input was empty');
    expect(emu.files()).toHaveLength(0);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses a terminal on standard input with the way to pipe an image in', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    const refused = readStdinImage(terminal, { tmp });
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(/standard input, which is a terminal here: .*\| dmdrop share -/);
    expect(await leftovers()).toEqual([]);
  });

  it('names - once only', async () => {
    const result = await runCli(['share', '-', '-'], env, { input: await screenshot() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name - once');
  });
});
