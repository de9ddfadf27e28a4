// The watcher service for real: real temp folders, the real OS watcher (inotify here), real sharp,
// the official SDK to the Dropbox emulator. Tests wait for the service's events, never for time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { openEngine, type Engine } from '../../../src/core/engine/engine';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { createFileSecretStore } from '../../../src/core/config/file-secret-store';
import { AutoShare, type AutoShareOptions, type WatchEvent } from '../../../src/core/watch/auto-share';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SLOW_WRITER = fileURLToPath(new URL('../../fixtures/slow-writer.mjs', import.meta.url));
let emu: DropboxEmulator;
let env: NodeJS.ProcessEnv;
const running: { service: AutoShare; engine: Engine }[] = [];

beforeEach(async () => {
  emu = await startDropboxEmulator();
  env = emu.dmdropEnv();
});
afterEach(async () => {
  for (const { service, engine } of running.splice(0)) {
    await service.close();
    await engine.close();
  }
  await emu.close();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Small and distinct (noisy PNGs are slow to optimise; this keeps the tests about watching). */
function photo(seed: number, width = 160): Promise<Buffer> {
  return sharp({ create: { width: width + seed, height: 120, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .png()
    .toBuffer();
}

/** Starts the service and records its events; `until` resolves when a predicate over them holds. */
async function watch(dataDir: string, folders: AutoShareOptions['folders'], extra: Partial<AutoShareOptions> = {}) {
  const engine = await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: createFileSecretStore(dataDir), env });
  const service = new AutoShare({ engine, dataDir, folders, cancelWindowMs: 0, ...extra });
  running.push({ service, engine });
  const events: WatchEvent[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  service.on((event) => {
    events.push(event);
    for (const w of waiters.splice(0)) {
      if (w.test()) w.resolve();
      else waiters.push(w);
    }
  });
  const until = (test: (events: WatchEvent[]) => boolean) =>
    new Promise<void>((resolve) => (test(events) ? resolve() : waiters.push({ test: () => test(events), resolve })));
  const count = (type: WatchEvent['event'], file?: string) => events.filter((e) => e.event === type && (!file || ('file' in e && e.file === file))).length;
  await service.start();
  const stop = async () => {
    running.splice(running.findIndex((r) => r.service === service), 1);
    await service.close();
    await engine.close();
  };
  return { service, engine, events, until, count, stop };
}

async function folders() {
  const root = await tempDir();
  const data = join(root, 'data');
  const shots = join(root, 'Screenshots');
  await mkdir(data);
  await mkdir(shots);
  return { data, shots };
}

describe('auto-share from watched folders', () => {
  it('shares a screenshot renamed into place once, ignoring pre-existing and temporary files', async () => {
    const { data, shots } = await folders();
    await writeFile(join(shots, 'old screenshot.png'), await photo(1));
    const w = await watch(data, [{ path: shots, kind: 'screenshots' }]);
    await writeFile(join(shots, 'download.png.part'), await photo(2));
    await writeFile(join(shots, '.hidden.png'), await photo(3));
    // The way screenshot tools save: a hidden temp file, then a rename into place.
    const shot = await photo(4);
    await writeFile(join(shots, '.Screenshot tmp.png'), shot);
    await rename(join(shots, '.Screenshot tmp.png'), join(shots, 'Screenshot 1.png'));
    const target = join(shots, 'Screenshot 1.png');
    await w.until((e) => e.some((x) => x.event === 'shared'));
    expect(w.events.filter((e) => e.event === 'shared').map((e) => (e as { file: string }).file)).toEqual([target]);
    expect(emu.files()).toHaveLength(1);
    // Later events for the same finished file do not share it again.
    await writeFile(join(shots, 'Screenshot 2.png'), await photo(5));
    await w.until((e) => e.filter((x) => x.event === 'shared').length === 2);
    expect(w.count('shared', target)).toBe(1);
    expect(w.count('detected')).toBe(2);
    expect(emu.files()).toHaveLength(2);
  });

  it('never reads a slowly written photo before it is complete', async () => {
    const { data, shots } = await folders();
    const w = await watch(data, [{ path: shots, kind: 'drop' }]);
    const big = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#345', noise: { type: 'gaussian', mean: 120, sigma: 50 } } }).jpeg({ quality: 95 }).toBuffer();
    const source = join(await tempDir(), 'big.jpg');
    await writeFile(source, big);
    const target = join(shots, 'camera.jpg');
    const writer = spawn(process.execPath, [SLOW_WRITER, source, target, '10', '150'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const writerDone = new Promise((resolve) => writer.once('close', resolve));
    await w.until((e) => e.some((x) => x.event === 'shared' || x.event === 'error'));
    expect(w.events.find((e) => e.event === 'error')).toBeUndefined();
    await writerDone;
    // The job read the whole file: its recorded source hash is the complete photo's.
    const job = w.engine.history()[0]!;
    expect(job.status).toBe('live');
    expect(w.engine.findShared(sha(big))).toMatchObject({ url: job.url });
    expect(w.count('shared', target)).toBe(1);
  });

  it('takes a burst of 50 screenshots, each exactly once', async () => {
    const { data, shots } = await folders();
    const w = await watch(data, [{ path: shots, kind: 'screenshots' }]);
    const base = await sharp({ create: { width: 200, height: 120, channels: 3, background: '#fafafa' } }).png().toBuffer();
    const files = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const path = join(shots, `Screenshot ${i}.png`);
        await writeFile(path, await sharp(base).composite([{ input: { text: { text: String(i) } }, top: 10, left: 10 }]).png().toBuffer());
        return path;
      }),
    );
    await w.until((e) => e.filter((x) => x.event === 'shared' || x.event === 'error').length >= 50);
    expect(w.events.filter((e) => e.event === 'error')).toEqual([]);
    expect(new Set(w.events.filter((e) => e.event === 'shared').map((e) => (e as { file: string }).file))).toEqual(new Set(files));
    expect(emu.files()).toHaveLength(50);
  });

  it('keeps watching when the folder is deleted and recreated', async () => {
    const { data, shots } = await folders();
    const w = await watch(data, [{ path: shots, kind: 'screenshots' }]);
    await rm(shots, { recursive: true });
    await w.until((e) => e.some((x) => x.event === 'folder-gone'));
    await mkdir(shots);
    await w.until((e) => e.some((x) => x.event === 'folder-back'));
    await writeFile(join(shots, 'after.png'), await photo(6));
    await w.until((e) => e.some((x) => x.event === 'shared'));
    expect(emu.files()).toHaveLength(1);
  });

  it('cancels inside the window: nothing is uploaded, and the file is not offered again', async () => {
    const { data, shots } = await folders();
    const w = await watch(data, [{ path: shots, kind: 'screenshots' }], { cancelWindowMs: 60_000 });
    const file = join(shots, 'private.png');
    await writeFile(file, await photo(7));
    await w.until((e) => e.some((x) => x.event === 'detected'));
    expect(w.service.cancelAll()).toBe(1);
    await w.until((e) => e.some((x) => x.event === 'cancelled'));
    expect(emu.requests).toHaveLength(0);
    await w.stop();
    const again = await watch(data, [{ path: shots, kind: 'screenshots' }]);
    await writeFile(join(shots, 'next.png'), await photo(8));
    await again.until((e) => e.some((x) => x.event === 'shared'));
    expect(again.count('detected', file)).toBe(0);
    expect(emu.files()).toHaveLength(1);
  });

  it('asks first in ask mode, and holds files while paused', async () => {
    const { data, shots } = await folders();
    const w = await watch(data, [{ path: shots, kind: 'drop' }], { ask: true });
    await writeFile(join(shots, 'a.png'), await photo(9));
    await w.until((e) => e.some((x) => x.event === 'ask'));
    expect(w.service.answer(false)).toBe(true);
    await w.until((e) => e.some((x) => x.event === 'cancelled'));
    await writeFile(join(shots, 'b.png'), await photo(10));
    await w.until((e) => e.filter((x) => x.event === 'ask').length === 2);
    w.service.answer(true);
    await w.until((e) => e.some((x) => x.event === 'shared'));
    expect(emu.files()).toHaveLength(1);

    const p = await watch(join(await tempDir()), [{ path: await tempDir(), kind: 'drop' }]);
    p.service.pause();
    const dir = (p.events[0] as { folders: string[] }).folders[0]!;
    await writeFile(join(dir, 'c.png'), await photo(11));
    await p.until((e) => e.some((x) => x.event === 'detected'));
    expect(p.count('shared')).toBe(0);
    p.service.unpause();
    await p.until((e) => e.some((x) => x.event === 'shared'));
  });

  it('after a restart shares what arrived while it was down, once, and reuses the link for the same bytes', async () => {
    const { data, shots } = await folders();
    const first = await watch(data, [{ path: shots, kind: 'screenshots' }]);
    const shot = await photo(12);
    await writeFile(join(shots, 'one.png'), shot);
    await first.until((e) => e.some((x) => x.event === 'shared'));
    await first.stop();

    await writeFile(join(shots, 'while-down.png'), await photo(13));
    await writeFile(join(shots, 'copy of one.png'), shot); // same bytes as an earlier share
    const second = await watch(data, [{ path: shots, kind: 'screenshots' }]);
    await second.until((e) => e.filter((x) => x.event === 'shared').length === 2);
    const shared = second.events.filter((e) => e.event === 'shared') as Extract<WatchEvent, { event: 'shared' }>[];
    const firstUrl = (first.events.find((e) => e.event === 'shared') as { url: string }).url;
    expect(shared.find((e) => e.file.endsWith('copy of one.png'))).toMatchObject({ reused: true, url: firstUrl });
    expect(second.count('detected', join(shots, 'one.png'))).toBe(0);
    expect(emu.files()).toHaveLength(2);
    expect(second.engine.findShared(sha(await readFile(join(shots, 'while-down.png'))))).toBeDefined();
  });

  it('puts a day of screenshots into one album whose link stays, and follows folders added and removed', async () => {
    const { data, shots } = await folders();
    const w = await watch(data, [{ path: shots, kind: 'screenshots', albumPerDay: true }]);
    await writeFile(join(shots, 'one.png'), await photo(14));
    await w.until((e) => e.filter((x) => x.event === 'shared').length === 1);
    await writeFile(join(shots, 'two.png'), await photo(15));
    await w.until((e) => e.filter((x) => x.event === 'shared').length === 2);
    const shared = w.events.filter((e) => e.event === 'shared') as Extract<WatchEvent, { event: 'shared' }>[];
    expect(shared[0]!.url).toBe(shared[1]!.url);
    expect(shared[1]!.album).toMatch(/^Screenshots \d{4}-\d{2}-\d{2}$/);
    expect(shared[1]!.dm).toContain('2 photos');
    expect(emu.files().map((f) => f.path.split('/').slice(0, 3).join('/'))).toEqual([`/DM Drop/${shared[1]!.album}`, `/DM Drop/${shared[1]!.album}`]);

    const extra = await tempDir();
    await writeFile(join(extra, 'before.png'), await photo(16));
    await w.service.addFolder({ path: extra, kind: 'drop' });
    await writeFile(join(extra, 'added.png'), await photo(17));
    await w.until((e) => e.some((x) => x.event === 'shared' && x.file === join(extra, 'added.png')));
    expect(w.count('detected', join(extra, 'before.png'))).toBe(0);
    await w.service.removeFolder(shots);
    expect(w.service.folders.map((f) => f.path)).toEqual([extra]);
  });
});
