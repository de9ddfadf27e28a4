// `dmdrop watch --json` as a user runs it, against the Dropbox emulator: a screenshot renamed into
// the watched folder and a slowly written photo are each shared once and complete; pre-existing and
// temporary files are ignored; `c` + Enter cancels inside the window; SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { anonymousGet } from '../../src/core/links/anonymous-get';
import { createDropboxFetch } from '../../src/core/providers/dropbox/dropbox-fetch';
import { collect, jsonEvents, runCli, startCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const SLOW_WRITER = fileURLToPath(new URL('../fixtures/slow-writer.mjs', import.meta.url));
let emu: DropboxEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  emu = await startDropboxEmulator();
  env = { DMDROP_HOME: await tempDir(), ...emu.dmdropEnv() };
});
afterEach(() => emu.close());

const image = (seed: number, width = 600) =>
  sharp({ create: { width: width + seed, height: 400, channels: 3, background: '#556677', noise: { type: 'gaussian', mean: 120, sigma: 40 } } });

describe('dmdrop watch', () => {
  it('shares a renamed-in screenshot and a slowly written photo, each once and complete', async () => {
    const root = await tempDir();
    const shots = join(root, 'Screenshots');
    const drop = join(root, 'DM Drop');
    await mkdir(shots);
    await writeFile(join(shots, 'Screenshot old.png'), await image(0).png().toBuffer());
    const child = startCli(['watch', '--drop', drop, '--screenshots', shots, '--cancel-window', '0', '--json'], env);
    const done = collect(child);
    const events = jsonEvents(child);
    expect(await events.next((l) => l.event === 'ready')).toEqual({ event: 'ready', folders: [drop, shots] });

    await writeFile(join(shots, 'notes.txt.part'), 'partial');
    await writeFile(join(shots, '.Screenshot 2026-11-25 at 10.00.00.png'), await image(1).png().toBuffer());
    await rename(join(shots, '.Screenshot 2026-11-25 at 10.00.00.png'), join(shots, 'Screenshot 2026-11-25 at 10.00.00.png'));
    const source = join(root, 'camera.jpg');
    await writeFile(source, await image(2, 2400).jpeg({ quality: 95 }).toBuffer());
    const writer = spawn(process.execPath, [SLOW_WRITER, source, join(drop, 'camera.jpg'), '8', '120'], { stdio: 'ignore' });
    const writerDone = new Promise((resolve) => writer.once('close', resolve));

    const shot = await events.next((l) => l.event === 'shared' && l.file === join(shots, 'Screenshot 2026-11-25 at 10.00.00.png'));
    const slow = await events.next((l) => l.event === 'shared' && l.file === join(drop, 'camera.jpg'));
    await writerDone;
    for (const line of [shot, slow]) {
      expect(line).toMatchObject({ url: expect.stringMatching(/^https:\/\/www\.dropbox\.com\/scl\/fi\//), directUrl: expect.any(String), dm: expect.stringContaining(String(line.url)) });
    }
    // Complete: what a stranger downloads decodes as the full-size photo.
    const download = await anonymousGet(createDropboxFetch(emu.url), String(slow.directUrl));
    const served = await download.response.buffer();
    expect((await sharp(served).metadata()).width).toBe(2048);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    const files = events.lines.filter((l) => l.event === 'detected' || l.event === 'shared').map((l) => `${String(l.event)} ${String(l.file).slice(root.length)}`);
    expect(files.sort()).toEqual(['detected /DM Drop/camera.jpg', 'detected /Screenshots/Screenshot 2026-11-25 at 10.00.00.png', 'shared /DM Drop/camera.jpg', 'shared /Screenshots/Screenshot 2026-11-25 at 10.00.00.png']);
    expect(emu.files()).toHaveLength(2);
    const history = await runCli(['history', '--json'], env);
    expect(history.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('cancels a file inside its window when c + Enter is typed', async () => {
    const shots = await tempDir();
    const child = startCli(['watch', '--screenshots', shots, '--json'], env, { stdin: true });
    const done = collect(child);
    const events = jsonEvents(child);
    await events.next((l) => l.event === 'ready');
    await writeFile(join(shots, 'Screenshot secret.png'), await image(3).png().toBuffer());
    expect(await events.next((l) => l.event === 'detected')).toMatchObject({ cancelWindowMs: 3000 });
    child.stdin!.write('c\n');
    await events.next((l) => l.event === 'cancelled');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, JSON.stringify(result)).toBe(0);
    expect(events.lines.some((l) => l.event === 'shared')).toBe(false);
    expect(emu.requests).toHaveLength(0);
  });

  it('refuses a bad cancel window with a usage error', async () => {
    const result = await runCli(['watch', '--cancel-window', 'soon'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cancel-window');
  });
});
