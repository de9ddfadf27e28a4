// An album survives a SIGKILL at any of its steps: `dmdrop resume` finishes it with one folder,
// one upload per photo, and one verified link, on Google Drive through the official SDK.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDriveEmulator, type DriveEmulator } from '../../emulators/google-drive/server';
import { collect, jsonLines, runCli, startCli, waitForStderr } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DriveEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  emu = await startDriveEmulator();
  env = {
    DMDROP_HOME: await tempDir(),
    ...emu.dmdropEnv(),
  };
});
afterEach(() => emu.close());

describe('dmdrop share --album after SIGKILL', () => {
  for (const point of ['after-album-folder', 'after-upload', 'after-album-share'] as const) {
    it(`an album killed ${point.replaceAll('-', ' ')} resumes into one verified album`, async () => {
      const dir = await tempDir();
      const files = ['a.jpg', 'b.jpg', 'c.jpg'].map((n) => join(dir, n));
      for (const [i, f] of files.entries()) {
        await writeFile(f, await sharp({ create: { width: 400 + i, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
      }
      const child = startCli(['share', '--provider', 'drive', '--album', 'Crash test', '--json', ...files], { ...env, DMDROP_CRASH_AT: point });
      const done = collect(child);
      await waitForStderr(child, `DMDROP_CRASH_POINT ${point}`);
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');

      const resumed = await runCli(['resume', '--json'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const lines = jsonLines(resumed.stdout);
      expect(lines.at(-1)).toMatchObject({ album: 'Crash test', ok: true, count: 3 });
      expect(lines.slice(0, -1).every((l) => l.ok && l.inAlbum === 'Crash test')).toBe(true);
      // One folder for the album (inside the app folder), three photos, each uploaded once.
      const stored = emu.files();
      expect(stored.map((f) => f.path.split('/').slice(0, 2).join('/'))).toEqual(['DM Drop/Crash test', 'DM Drop/Crash test', 'DM Drop/Crash test']);
      expect(stored.every((f) => f.public)).toBe(true);
      const uploads = emu.requests.filter((r) => r.route === 'upload.multipart' && r.status === 200);
      expect(uploads).toHaveLength(3);
      const folders = emu.requests.filter((r) => r.route === 'files.create' && r.status === 200);
      expect(folders).toHaveLength(2); // the app folder and the album, never twice
    });
  }
});
