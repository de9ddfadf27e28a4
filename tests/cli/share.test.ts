// dmdrop share/history/revoke/resume as a user runs them: a real child process, real files, real
// sharp, the official SDK over loopback to the Dropbox emulator.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { useTempDirs } from '../helpers/temp-dir';
import { collect, jsonLines, runCli, startCli, waitForStderr } from '../helpers/run-cli';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  emu = await startDropboxEmulator();
  env = {
    DMDROP_HOME: await tempDir(),
    ...emu.dmdropEnv(),
  };
});
afterEach(async () => {
  await emu.close();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The entry names of a ZIP, as its central directory lists them. */
async function zipNames(data: Buffer): Promise<string[]> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, decodeStrings: false });
  const names: string[] = [];
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      zip.once('entry', resolve).once('end', () => resolve(undefined)).once('error', reject);
      zip.readEntry();
    });
    if (!entry) return names;
    names.push(entry.fileNameRaw.toString('utf8'));
  }
}

async function gpsJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 120, sigma: 30 } } })
    .withExif({
      IFD0: { Make: 'SecretCam', Model: 'Model Z9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A folder of good and broken images, as a user's Downloads folder might hold. */
async function mixedFolder(): Promise<{ dir: string; good: string[]; bad: Record<string, string> }> {
  const dir = await tempDir();
  const photo = await gpsJpeg(3000, 2000);
  await writeFile(join(dir, 'beach.jpg'), photo);
  await writeFile(
    join(dir, 'screenshot.png'),
    await sharp({ create: { width: 1170, height: 2532, channels: 3, background: '#f4f4f4' } }).png().toBuffer(),
  );
  await writeFile(join(dir, 'cut.jpg'), photo.subarray(0, Math.floor(photo.length / 2)));
  await writeFile(join(dir, 'notes.jpg'), 'not an image at all');
  await writeFile(join(dir, 'empty.png'), '');
  await mkdir(join(dir, 'album.jpg'));
  return {
    dir,
    good: ['beach.jpg', 'screenshot.png'],
    bad: { 'cut.jpg': 'IMAGE_CORRUPT', 'notes.jpg': 'NOT_AN_IMAGE', 'empty.png': 'FILE_EMPTY', 'album.jpg': 'IS_DIRECTORY', 'missing.jpg': 'FILE_NOT_FOUND' },
  };
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) out[entry.name] = sha(await readFile(join(dir, entry.name)));
  }
  return out;
}

describe('dmdrop share --json', () => {
  it('shares every good image behind a verified link, gives each broken one its error, exits 1, leaves originals intact', async () => {
    const { dir, good, bad } = await mixedFolder();
    const before = await snapshot(dir);
    const files = [...good, ...Object.keys(bad)].map((name) => join(dir, name));
    const result = await runCli(['share', '--json', '--caption', 'for you', ...files], env);
    expect(result.code, result.stderr).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(files.length);
    const byName = new Map(lines.map((l) => [String(l.file).split('/').pop(), l]));
    for (const name of good) {
      const line = byName.get(name)!;
      expect(line).toMatchObject({ file: join(dir, name), ok: true, provider: 'dropbox', verified: true });
      expect(line.dm).toBe(`📷 For you. Tap to view, no login needed: ${line.url}`);
      expect(Number(line.bytesOut)).toBeGreaterThan(0);
      // A camera photo fits 2048 px; a flat screenshot keeps its own resolution (up to 4096 px) to stay sharp.
      if (name === 'screenshot.png') expect([line.width, line.height]).toEqual([1170, 2532]);
      else expect(Math.max(Number(line.width), Number(line.height))).toBeLessThanOrEqual(2048);
      // directUrl gives the bytes to anyone, no credentials
      const response = await fetch(String(line.directUrl).replace('https://www.dropbox.com', emu.url), { redirect: 'manual' });
      expect([200, 302]).toContain(response.status);
    }
    for (const [name, code] of Object.entries(bad)) {
      expect(byName.get(name), name).toMatchObject({ ok: false, error: { code } });
      expect(String((byName.get(name)!.error as { message: string }).message).length).toBeGreaterThan(10);
    }
    // only the good ones reached the provider, under neutral names, without location or camera data
    const stored = emu.files();
    expect(stored).toHaveLength(good.length);
    for (const file of stored) expect(file.path).toMatch(/^\/DM Drop\/dmdrop-[0-9a-z]{6}\.(jpg|png)$/);
    for (const file of emu.fileContents()) {
      expect(file.includes('SecretCam')).toBe(false);
      expect((await sharp(file).metadata()).exif).toBeUndefined();
    }
    expect(await snapshot(dir)).toEqual(before);
  });

  it('exits 2 with a clear message when no account is connected', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.jpg'), await gpsJpeg(100, 100));
    const result = await runCli(['share', join(dir, 'a.jpg')], { ...env, DMDROP_DROPBOX_REFRESH_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dmdrop login dropbox');
    expect(emu.files()).toHaveLength(0);
  });

  it('exits 2 on a usage error', async () => {
    const result = await runCli(['share', '--max-edge', 'huge', 'x.jpg'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-edge');
  });

  it('stops quietly when its reader goes away (`dmdrop … | head`)', async () => {
    const child = startCli(['--help'], env);
    child.stdout!.destroy(); // the reader is gone before dmdrop writes a byte
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('Google Photos and iCloud are refused honestly', async () => {
    for (const provider of ['google-photos', 'icloud']) {
      const result = await runCli(['share', '--provider', provider, 'x.jpg'], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('PROVIDER_UNSUPPORTED');
    }
    expect((await runCli(['share', '--provider', 'google-photos', 'x.jpg'], env)).stderr).toContain('31 March 2025');
  });
});

describe('dmdrop history and revoke', () => {
  it('lists shares newest first and a revoked link stops opening for anyone', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'one.jpg'), await gpsJpeg(800, 600));
    const shared = jsonLines((await runCli(['share', '--json', join(dir, 'one.jpg')], env)).stdout)[0]!;
    expect(shared.ok).toBe(true);

    const history = jsonLines((await runCli(['history', '--json'], env)).stdout);
    expect(history[0]).toMatchObject({ file: join(dir, 'one.jpg'), url: shared.url, directUrl: shared.directUrl, status: 'live' });

    const revoked = await runCli(['revoke', '--json', String(shared.url)], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(jsonLines(revoked.stdout)[0]).toMatchObject({ ok: true });
    const after = jsonLines((await runCli(['history', '--json'], env)).stdout);
    expect(after[0]).toMatchObject({ status: 'revoked' });
    // Closed: a stranger gets Dropbox's dead-link page (HTML, often with 200), never the photo.
    const response = await fetch(String(shared.directUrl).replace('https://www.dropbox.com', emu.url), { redirect: 'follow' });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('dmdrop resume after SIGKILL', () => {
  for (const point of ['after-upload', 'after-share'] as const) {
    it(`a run killed ${point.replace('-', ' ')} resumes without a second upload`, async () => {
      const dir = await tempDir();
      const files = ['p1.jpg', 'p2.jpg'].map((n) => join(dir, n));
      for (const f of files) await writeFile(f, await gpsJpeg(1200, 900));
      const child = startCli(['share', '--json', ...files], { ...env, DMDROP_CRASH_AT: point });
      const done = collect(child);
      await waitForStderr(child, `DMDROP_CRASH_POINT ${point}`);
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');

      const resumed = await runCli(['resume', '--json'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const history = jsonLines((await runCli(['history', '--json'], env)).stdout);
      expect(history.map((h) => h.status)).toEqual(['live', 'live']);
      // exactly one stored file and one successful upload per photo
      expect(emu.files()).toHaveLength(2);
      const uploads = emu.requests.filter((r) => r.route === 'files/upload' && r.status === 200);
      expect(uploads).toHaveLength(2);
    });
  }
});

describe('dmdrop share --expires and dmdrop sweep', () => {
  it('records the expiry and a later sweep closes the link, reported as late', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'e.jpg'), await gpsJpeg(640, 480));
    const shared = jsonLines((await runCli(['share', '--json', '--expires', '1h', join(dir, 'e.jpg')], env)).stdout)[0]!;
    expect(shared.ok).toBe(true);
    const entry = jsonLines((await runCli(['history', '--json'], env)).stdout)[0]!;
    expect(Date.parse(String(entry.expiresAt)) - Date.now()).toBeGreaterThan(3_500_000);

    // Time passes while nothing runs: move the recorded expiry into the past instead of waiting.
    // The job is still in the active log (a live link with an expiry): a step record rewinds it.
    const journalPath = join(env.DMDROP_HOME!, 'journal.log');
    const records = (await readFile(journalPath, 'utf8')).trim().split('\n').slice(1).map((line) => JSON.parse(line));
    const job = records.flatMap((r) => r.jobs ?? []).findLast((j: { id: string }) => j.id === shared.jobId);
    job.options.expiresAt = new Date(Date.now() - 3_600_000).toISOString();
    await appendFile(journalPath, JSON.stringify({ jobs: [job] }) + '\n');

    const swept = await runCli(['sweep', '--json'], env);
    expect(swept.code, swept.stderr).toBe(0);
    expect(jsonLines(swept.stdout)).toEqual([expect.objectContaining({ file: join(dir, 'e.jpg'), ok: true, late: true })]);
    expect(jsonLines((await runCli(['history', '--json'], env)).stdout)[0]).toMatchObject({ status: 'expired', expiredLate: true });
    expect((await fetch(String(shared.directUrl).replace('https://www.dropbox.com', emu.url))).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('refuses an expiry that is not in the future', async () => {
    const result = await runCli(['share', '--expires', 'yesterday', 'x.jpg'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not an expiry');
  });
});


describe('dmdrop providers', () => {
  it('lists every provider with its state, Google Photos and iCloud honestly unsupported', async () => {
    const connected = jsonLines((await runCli(['providers', '--json'], env)).stdout);
    expect(connected.map((p) => [p.id, p.state, p.default])).toEqual([
      ['dropbox', 'connected', true],
      ['drive', 'not-connected', false],
      ['google-photos', 'unsupported', false],
      ['icloud', 'unsupported', false],
    ]);
    expect(String(connected.find((p) => p.id === 'google-photos')!.note)).toContain('31 March 2025');
    const none = jsonLines((await runCli(['providers', '--json'], { ...env, DMDROP_DROPBOX_REFRESH_TOKEN: '' })).stdout);
    expect(none[0]).toMatchObject({ id: 'dropbox', state: 'not-connected', note: expect.stringContaining('dmdrop login dropbox') });
  });
});

describe('dmdrop share --album', () => {
  it('shares good photos as one verified album link after the per-file lines; bad files do not block it', async () => {
    const { dir, good } = await mixedFolder();
    const result = await runCli(['share', '--album', 'Paris trip', '--json', '--caption', 'from the weekend', ...['beach.jpg', 'notes.jpg', 'screenshot.png'].map((f) => join(dir, f))], env);
    expect(result.code).toBe(1); // one file failed; the album still exists
    const lines = jsonLines(result.stdout);
    const last = lines.at(-1)!;
    expect(Object.keys(last).slice(0, 5)).toEqual(['album', 'ok', 'url', 'dm', 'count']);
    expect(last).toMatchObject({ album: 'Paris trip', ok: true, count: 2 });
    expect(String(last.dm)).toMatch(/^📷 2 photos\. From the weekend\. Tap to view, no login needed: https?:\/\//);
    const perFile = lines.slice(0, -1);
    expect(perFile).toHaveLength(3);
    expect(perFile.filter((l) => l.ok).map((l) => [l.inAlbum, l.url])).toEqual(good.map(() => ['Paris trip', last.url]));
    expect(perFile.find((l) => !l.ok)).toMatchObject({ error: { code: 'NOT_AN_IMAGE' } });
    // Stored in the album's folder under neutral names; the folder page opens for a stranger, and the
    // folder's ZIP (dl=1, what the album check reads; the page's HTML names no file) holds both.
    expect(emu.files().map((f) => f.path).sort()).toEqual([expect.stringMatching(/^\/DM Drop\/Paris trip\/dmdrop-[a-z0-9]+\.(jpg|png)$/), expect.stringMatching(/^\/DM Drop\/Paris trip\/dmdrop-/)]);
    const page = await fetch(String(last.url).replace('https://www.dropbox.com', emu.url));
    expect(page.status).toBe(200);
    const hop = await fetch(String(last.url).replace('https://www.dropbox.com', emu.url).replace('dl=0', 'dl=1'), { redirect: 'manual' });
    const zip = await fetch(hop.headers.get('location')!.replace(/^https:\/\/[^/]+/, emu.url));
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = await zipNames(Buffer.from(await zip.arrayBuffer()));
    expect(entries.filter((n) => n !== '/').sort()).toEqual(emu.files().map((f) => f.path.split('/').pop()!).sort());

    // Revoking the album link closes it for strangers and in history for every photo.
    const revoked = await runCli(['revoke', '--json', String(last.url)], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await fetch(String(last.url).replace('https://www.dropbox.com', emu.url).replace('dl=0', 'dl=1'))).headers.get('content-type')).toMatch(/^text\/html/);
    const history = jsonLines((await runCli(['history', '--json'], env)).stdout);
    expect(history.filter((h) => h.album === 'Paris trip').map((h) => h.status).sort()).toEqual(['failed', 'revoked', 'revoked']);
  });

  it("keeps the photos' own names under --keep-names, ' & = included, and proves them through the link", async () => {
    const dir = await tempDir();
    const names = [`it's a=b & c.jpg`, `<me> & "you".jpg`, 'plain.jpg'];
    for (const [i, name] of names.entries()) await writeFile(join(dir, name), await gpsJpeg(400 + i, 300));
    const result = await runCli(['share', '--album', 'Names', '--keep-names', '--json', ...names.map((n) => join(dir, n))], env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({ album: 'Names', ok: true, count: 3 });
    expect(emu.files().map((f) => f.path.split('/').pop()).sort()).toEqual([`_me_ & _you_.jpg`, `it's a=b & c.jpg`, 'plain.jpg']);
  });

  it('names an album by date when --album has no name, and a name that is a file is taken as a file', async () => {
    const { dir } = await mixedFolder();
    const result = await runCli(['share', '--json', '--album', join(dir, 'beach.jpg'), join(dir, 'screenshot.png')], env);
    expect(result.code, result.stderr).toBe(0);
    const last = jsonLines(result.stdout).at(-1)!;
    expect(last).toMatchObject({ ok: true, count: 2, album: expect.stringMatching(/^DM Drop \d{4}-\d{2}-\d{2} \d{2}\.\d{2}$/) });
  });
});
