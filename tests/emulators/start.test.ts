// `npm run --silent emulator` as users and scripts run it: one JSON line of env, a working admin
// endpoint, dmdrop working against it with only that env, and a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('npm run emulator', () => {
  it('prints one line of env, lists stored files at the admin URL, and stops on SIGTERM', async () => {
    const child = spawn('npm', ['run', '--silent', 'emulator'], { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.once('close', () => reject(new Error('emulator exited before printing its env')));
    });
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    let adminUrl: string | undefined;
    try {
      const { env } = JSON.parse(await firstLine) as { env: Record<string, string> };
      expect(Object.keys(env).sort()).toEqual([
        'DMDROP_DRIVE_CLIENT_ID',
        'DMDROP_DRIVE_CLIENT_SECRET',
        'DMDROP_DRIVE_ENDPOINT',
        'DMDROP_DRIVE_REFRESH_TOKEN',
        'DMDROP_DROPBOX_APP_KEY',
        'DMDROP_DROPBOX_ENDPOINT',
        'DMDROP_DROPBOX_REFRESH_TOKEN',
        'DMDROP_EMULATOR_ADMIN',
      ]);
      adminUrl = env.DMDROP_EMULATOR_ADMIN!;
      expect(await (await fetch(`${env.DMDROP_EMULATOR_ADMIN}/files`)).json()).toEqual([]);

      const home = await tempDir();
      const photo = join(home, 'p.jpg');
      await writeFile(photo, await sharp({ create: { width: 200, height: 100, channels: 3, background: '#aa3300' } }).jpeg().toBuffer());
      const shared = await runCli(['share', '--json', photo], { ...env, DMDROP_HOME: home });
      expect(shared.code, shared.stderr).toBe(0);
      const line = jsonLines(shared.stdout)[0]!;
      // loopback links: clickable while the emulator runs, and they serve the bytes to anyone
      expect(String(line.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scl\/fi\//);
      const bytes = Buffer.from(await (await fetch(String(line.directUrl))).arrayBuffer());
      const files = (await (await fetch(`${env.DMDROP_EMULATOR_ADMIN}/files`)).json()) as { provider: string; path: string; size: number; sha256: string }[];
      expect(files).toEqual([{ provider: 'dropbox', path: expect.stringMatching(/^\/DM Drop\/dmdrop-/), size: bytes.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

      // The same env reaches Google Drive: an album there, listed by the admin endpoint too.
      const second = join(home, 'q.jpg');
      await writeFile(second, await sharp({ create: { width: 120, height: 90, channels: 3, background: '#0033aa' } }).jpeg().toBuffer());
      const album = await runCli(['share', '--provider', 'drive', '--album', 'Weekend', '--json', photo, second], { ...env, DMDROP_HOME: home });
      expect(album.code, album.stderr).toBe(0);
      const albumLines = jsonLines(album.stdout);
      expect(albumLines.at(-1)).toMatchObject({ album: 'Weekend', ok: true, count: 2, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/drive\/folders\//) });
      const all = (await (await fetch(`${env.DMDROP_EMULATOR_ADMIN}/files`)).json()) as { provider: string; path: string }[];
      expect(all.filter((f) => f.provider === 'drive' && f.path.startsWith('DM Drop/Weekend/'))).toHaveLength(2);
    } finally {
      // npm runs the emulator as its child: signal the whole process group, as a terminal's Ctrl-C does.
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    // stopped for real: nothing answers on its port any more
    await expect(fetch(`${adminUrl}/files`)).rejects.toThrow();
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('npm run emulator -- --variants / --variant', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'emulator', '--', ...args], { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('lists every variant of every provider emulator with what it models and its source', async () => {
    const { PROVIDER_EMULATORS } = await import('../../emulators/provider-emulators');
    const names = PROVIDER_EMULATORS.flatMap((e) => Object.keys(e.variants));
    expect(names.length).toBeGreaterThan(0);
    const listed = await run(['--variants']);
    expect(listed.code, listed.stderr).toBe(0);
    const blocks = listed.stdout.trimEnd().split(/\n(?=\S)/);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(names);
    for (const block of blocks) expect(block).toMatch(/^\S+\n {2}\S.*\n {2}source: \S.+$/);
  });

  it('refuses a variant that does not exist, naming it and where the list is', async () => {
    const refused = await run(['--variant', 'no-such-behaviour']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no variant "no-such-behaviour"; `npm run emulator -- --variants` lists them/);
    expect(refused.stdout).toBe('');
  });
});
