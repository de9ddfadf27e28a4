// The history figure: does a share cost more when the person has a long history? One camera photo
// shared end to end through the engine (throttled emulator) with 100 000 jobs already in the
// journal, against an empty one; how long the engine takes to open with that history, and the
// first page of it. The history is written as version 1 (one journal.json, as DM Drop wrote it
// before the log) and migrated by opening it, which is also timed. Method: docs/PERFORMANCE.md.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDropboxEmulator } from '../emulators/dropbox/server';
import { loadFileSettings } from '../src/core/config/file-settings-store';
import { openEngine, type Engine } from '../src/core/engine/engine';
import type { SecretStore } from '../src/core/ports/secret-store';
import { historyPage } from '../src/core/queue/history';
import type { JobRecord } from '../src/core/queue/job-record';
import { Journal, LEGACY_JOURNAL_FILE } from '../src/core/queue/journal';
import { ARCHIVE_DIR } from '../src/core/queue/journal-archive';
import { cameraPhoto } from './photos';

export interface HistoryFigure {
  entries: number;
  shareMs: number;
  emptyShareMs: number;
  openMs: number;
  firstPageMs: number;
  /** The journal on disk with that history: the active log, and all of it (log + archive). */
  logKb: number;
  totalMb: number;
  /** One-time migration of the version 1 journal.json (its size in MB) to the log and archive. */
  migrateMs: number;
  v1Mb: number;
  runs: number;
}

const noSecrets: SecretStore = { get: async () => undefined, set: async () => undefined, delete: async () => undefined };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A job as a year of sharing leaves it: verified and live, with every field a real one has. */
function pastJob(i: number, createdAt: string): JobRecord {
  const id = randomUUID();
  const stem = id.slice(0, 12);
  const url = `https://www.dropbox.com/scl/fi/${stem}/dmdrop-${stem}.jpg?rlkey=${id.slice(-16)}&dl=0`;
  return {
    id,
    batchId: randomUUID(),
    file: `/home/person/Pictures/Screenshots/Screenshot ${createdAt.slice(0, 10)} at ${i}.png`,
    path: `/home/person/Pictures/Screenshots/Screenshot ${createdAt.slice(0, 10)} at ${i}.png`,
    provider: 'dropbox',
    createdAt,
    updatedAt: createdAt,
    step: 'verified',
    status: 'live',
    attempts: 1,
    options: { maxEdge: 2048, jpegQuality: 80, keepNames: false, template: '{link}' },
    nameStem: stem,
    source: { sha256: id.replaceAll('-', '').padEnd(64, '0'), bytes: 412_345, format: 'png', width: 1170, height: 2532 },
    output: {
      sha256: id.replaceAll('-', '').padEnd(64, '1'),
      bytes: 38_211,
      format: 'png',
      ext: 'png',
      mime: 'image/png',
      width: 946,
      height: 2048,
      stagedPath: `/home/person/.config/dmdrop/staging/${id}.png`,
      removed: { location: false, camera: false, otherMetadata: true },
    },
    remotePath: `/DM Drop/dmdrop-${stem}.png`,
    remote: { path: `/DM Drop/dmdrop-${stem}.png`, id: `id:${stem}`, size: 38_211, contentHash: id.replaceAll('-', '').padEnd(64, '2') },
    link: { url, directUrl: url.replace('dl=0', 'raw=1'), access: 'public', audience: 'public' },
    dm: url,
    verifiedAt: createdAt,
  };
}

/** `entries` jobs over the year before now, written as version 1 wrote them. Returns its size. */
async function writeV1History(dataDir: string, entries: number): Promise<number> {
  const end = Date.now() - 86_400_000;
  const step = (365 * 86_400_000) / entries;
  const jobs = Array.from({ length: entries }, (_, i) => pastJob(i, new Date(end - (entries - i) * step).toISOString()));
  const text = JSON.stringify({ version: 1, jobs, albums: [] });
  await writeFile(join(dataDir, LEGACY_JOURNAL_FILE), text, { mode: 0o600 });
  return Buffer.byteLength(text);
}

async function sizeOf(dataDir: string): Promise<{ logKb: number; totalMb: number }> {
  const log = (await stat(join(dataDir, 'journal.log'))).size;
  let total = log;
  for (const name of await readdir(join(dataDir, ARCHIVE_DIR))) total += (await stat(join(dataDir, ARCHIVE_DIR, name))).size;
  return { logKb: Math.round(log / 1024), totalMb: Number((total / 1e6).toFixed(1)) };
}

export async function historyFigure(options: { net: { rttMs: number; uplinkKbps: number; downlinkKbps: number }; runs: number; entries?: number; log: (text: string) => void }): Promise<HistoryFigure> {
  const entries = options.entries ?? 100_000;
  const emu = await startDropboxEmulator({ latencyMs: options.net.rttMs, uplinkKbps: options.net.uplinkKbps, bandwidthKbps: options.net.downlinkKbps });
  const photos = await mkdtemp(join(tmpdir(), 'dmdrop-bench-history-photo-'));
  const full = await mkdtemp(join(tmpdir(), 'dmdrop-bench-history-'));
  const empties: string[] = [];
  const open = async (dataDir: string): Promise<Engine> =>
    openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, env: emu.dmdropEnv() });
  const shareOnce = async (dataDir: string): Promise<number> => {
    const engine = await open(dataDir);
    const t0 = performance.now();
    const [outcome] = await engine.share([photo]);
    const ms = performance.now() - t0;
    await engine.close();
    if (!outcome?.ok) throw new Error(`history: the photo was not shared: ${JSON.stringify(outcome)}`);
    return ms;
  };
  const photo = await cameraPhoto(photos, 0);
  try {
    options.log(`history: writing ${entries} past jobs as a version 1 journal…`);
    const v1Bytes = await writeV1History(full, entries);
    let t0 = performance.now();
    await Journal.open(full); // the writer's first open migrates
    const migrateMs = performance.now() - t0;

    const opens: number[] = [];
    const pages: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      t0 = performance.now();
      const engine = await open(full);
      opens.push(performance.now() - t0);
      await engine.close();
      // What `dmdrop history` and the window need first: the newest 100, read without the lock.
      t0 = performance.now();
      const page = await historyPage(await Journal.open(full, Date.now, { readOnly: true }), { limit: 100 });
      pages.push(performance.now() - t0);
      if (page.entries.length !== 100) throw new Error('history: the first page is short');
    }

    // Warm up sharp, the emulator and the engine once, then alternate: both see the same machine load.
    const warm = await mkdtemp(join(tmpdir(), 'dmdrop-bench-history-warm-'));
    empties.push(warm);
    await shareOnce(warm);
    const shares: number[] = [];
    const emptyShares: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const empty = await mkdtemp(join(tmpdir(), 'dmdrop-bench-history-empty-'));
      empties.push(empty);
      emptyShares.push(await shareOnce(empty));
      shares.push(await shareOnce(full));
    }
    return {
      entries,
      shareMs: Math.round(median(shares)),
      emptyShareMs: Math.round(median(emptyShares)),
      openMs: Math.round(median(opens)),
      firstPageMs: Math.round(median(pages)),
      ...(await sizeOf(full)),
      migrateMs: Math.round(migrateMs),
      v1Mb: Number((v1Bytes / 1e6).toFixed(1)),
      runs: options.runs,
    };
  } finally {
    await emu.close();
    for (const dir of [photos, full, ...empties]) await rm(dir, { recursive: true, force: true });
  }
}
