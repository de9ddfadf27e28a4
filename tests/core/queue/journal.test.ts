import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Journal, JOURNAL_FILE, LEGACY_JOURNAL_FILE } from '../../../src/core/queue/journal';
import { ARCHIVE_DIR } from '../../../src/core/queue/journal-archive';
import { hostname } from 'node:os';
import { LOCK_FILE, lockDataDir } from '../../../src/core/queue/data-dir-lock';
import { historyOf, historyPage, readHistory } from '../../../src/core/queue/history';
import type { AlbumRecord, JobRecord } from '../../../src/core/queue/job-record';
import { tornWrite } from '../../helpers/torn-write';
import { useTempDirs } from '../../helpers/temp-dir';

// The next append writes half its line and then fails, as a full disk does mid-write.
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../helpers/torn-write')).withTornWrites(await importOriginal()));

const tempDir = useTempDirs();

function job(id: string, createdAt = '2026-11-25T12:00:00.000Z'): JobRecord {
  return {
    id,
    batchId: 'b1',
    file: `${id}.jpg`,
    path: `/photos/${id}.jpg`,
    provider: 'dropbox',
    createdAt,
    updatedAt: createdAt,
    step: 'queued',
    status: 'pending',
    attempts: 0,
    options: { maxEdge: 2048, keepNames: false, template: '{link}' },
    nameStem: 'abc123',
  };
}

describe('journal', () => {
  it('makes every change durable before resolving, readable by a fresh process', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a'), job('b')]);
    await journal.update('a', { step: 'optimised', remotePath: '/DM Drop/dmdrop-abc123.jpg' });
    const reopened = await Journal.open(dir);
    expect(reopened.get('a')).toMatchObject({ step: 'optimised', remotePath: '/DM Drop/dmdrop-abc123.jpg' });
    expect(reopened.get('b')?.step).toBe('queued');
  });

  it('keeps the journal file private to the user', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a')]);
    expect((await stat(join(dir, JOURNAL_FILE))).mode & 0o777).toBe(0o600);
  });

  it('serialises concurrent updates without losing any', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    const ids = Array.from({ length: 20 }, (_, i) => `j${i}`);
    await journal.add(ids.map((id) => job(id)));
    await Promise.all(ids.map((id, i) => journal.update(id, { attempts: i + 1 })));
    const reopened = await Journal.open(dir);
    expect(ids.map((id) => reopened.get(id)?.attempts)).toEqual(ids.map((_, i) => i + 1));
  });

  it('keeps the in-memory view unchanged when a write fails, and cuts off the half-written line', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a')]);
    const good = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    tornWrite.next = true;
    await expect(journal.update('a', { attempts: 5 })).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(journal.get('a')?.attempts).toBe(0);
    expect(await readFile(join(dir, JOURNAL_FILE), 'utf8')).toBe(good);
    // and the next write after the fault still works, readable by a fresh process
    await journal.update('a', { attempts: 1 });
    expect((await Journal.open(dir)).get('a')?.attempts).toBe(1);
  });

  it('refuses a journal it cannot understand rather than overwriting it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, JOURNAL_FILE), JSON.stringify({ version: 99, jobs: 'nope' }));
    await expect(Journal.open(dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('lists history newest first', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('old', '2026-11-01T00:00:00.000Z'), job('new', '2026-11-20T00:00:00.000Z')]);
    expect((await readHistory(dir)).map((e) => e.id)).toEqual(['new', 'old']);
  });
});

function live(id: string, createdAt: string, extra: Partial<JobRecord> = {}): JobRecord {
  const link = { url: `https://www.dropbox.com/s/${id}`, directUrl: `https://dl.dropbox.com/s/${id}`, access: 'public', audience: 'public' };
  return { ...job(id, createdAt), step: 'verified', status: 'live', link, dm: link.url, ...extra };
}

function album(id: string, status: AlbumRecord['status']): AlbumRecord {
  const at = '2026-11-20T09:00:00.000Z';
  return { id, name: `Album ${id}`, provider: 'dropbox', createdAt: at, updatedAt: at, step: 'verified', status, options: { template: '{link}' } };
}

/** A journal as version 1 wrote it: one pretty-printed document (writeJsonFile's format). */
async function writeV1(dir: string, jobs: JobRecord[], albums: AlbumRecord[] = []) {
  await writeFile(join(dir, LEGACY_JOURNAL_FILE), JSON.stringify({ version: 1, jobs, albums }, null, 2) + '\n', { mode: 0o600 });
}

const V1_JOBS = [
  live('old-live', '2026-10-01T08:00:00.000Z'),
  { ...live('revoked', '2026-10-02T08:00:00.000Z'), status: 'revoked' as const, revokedAt: '2026-10-03T00:00:00.000Z' },
  live('expiring', '2026-11-01T08:00:00.000Z', { options: { maxEdge: 2048, keepNames: false, template: '{link}', expiresAt: '2027-01-01T00:00:00.000Z' } }),
  { ...job('offline', '2026-11-02T08:00:00.000Z'), status: 'failed' as const, error: { code: 'NETWORK_ERROR' as const, message: 'offline' } },
  { ...job('corrupt', '2026-11-03T08:00:00.000Z'), status: 'failed' as const, error: { code: 'IMAGE_CORRUPT' as const, message: 'damaged' } },
  live('in-open-album', '2026-11-20T09:00:00.000Z', { albumId: 'open' }),
  live('in-closed-album', '2026-11-20T09:30:00.000Z', { albumId: 'closed', status: 'revoked' }),
  job('queued', '2026-11-25T12:00:00.000Z'),
];
const V1_ALBUMS = [album('open', 'live'), album('closed', 'revoked')];
/** What the engine still acts on; the rest is history. */
const ACTIVE = ['expiring', 'offline', 'in-open-album', 'queued'];

describe('journal log and archive', () => {
  it('migrates a version 1 journal.json on open: same jobs, same history, settled jobs archived', async () => {
    const dir = await tempDir();
    await writeV1(dir, V1_JOBS, V1_ALBUMS);
    const before = historyOf(V1_JOBS, V1_ALBUMS);
    const journal = await Journal.open(dir);
    await expect(stat(join(dir, LEGACY_JOURNAL_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(journal.list().map((j) => j.id)).toEqual(ACTIVE);
    expect(journal.albums()).toEqual(V1_ALBUMS);
    expect(new Set(journal.all())).toEqual(new Set(V1_JOBS.map((j) => expect.objectContaining(j))));
    expect(journal.get('revoked')).toEqual(V1_JOBS[1]);
    expect(await readHistory(dir)).toEqual(before);
    expect(await readdir(join(dir, ARCHIVE_DIR))).toEqual(['2026-10-01.jsonl', '2026-10-02.jsonl', '2026-11-03.jsonl', '2026-11-20.jsonl']);
    // The log holds only what the engine acts on, and a fresh process reads it the same.
    const reopened = await Journal.open(dir);
    expect(reopened.list().map((j) => j.id)).toEqual(ACTIVE);
    expect(await readHistory(dir)).toEqual(before);
  });

  it('opens a journal whose migration a crash cut short, at either stage, with nothing lost or doubled', async () => {
    const dir = await tempDir();
    await writeV1(dir, V1_JOBS, V1_ALBUMS);
    // Killed after the archive was (partly) written: the old document is still there, a torn line ends a day.
    await Journal.open(dir);
    await writeV1(dir, V1_JOBS, V1_ALBUMS);
    await appendFile(join(dir, ARCHIVE_DIR, '2026-10-01.jsonl'), '{"id":"old-live","batch');
    const again = await Journal.open(dir);
    expect(again.list().map((j) => j.id)).toEqual(ACTIVE);
    expect(again.all()).toHaveLength(V1_JOBS.length);
    expect(await readHistory(dir)).toEqual(historyOf(V1_JOBS, V1_ALBUMS));
    // Killed after the log was written but before journal.json was removed: migrated again, same result.
    await writeV1(dir, V1_JOBS, V1_ALBUMS);
    expect((await Journal.open(dir)).all()).toHaveLength(V1_JOBS.length);
    expect(await readHistory(dir)).toEqual(historyOf(V1_JOBS, V1_ALBUMS));
  });

  it('reads a version 1 journal without migrating it when opened only to read', async () => {
    const dir = await tempDir();
    await writeV1(dir, V1_JOBS, V1_ALBUMS);
    expect(await readHistory(dir)).toEqual(historyOf(V1_JOBS, V1_ALBUMS));
    expect((await stat(join(dir, LEGACY_JOURNAL_FILE))).isFile()).toBe(true);
    await expect(stat(join(dir, JOURNAL_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('ignores a torn last line (a step never acknowledged) and keeps every step before it', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a'), job('b')]);
    await journal.update('a', { step: 'optimised' });
    await journal.update('b', { attempts: 1 });
    const line = JSON.stringify({ jobs: [{ ...journal.get('a'), step: 'uploaded' }] });
    await appendFile(join(dir, JOURNAL_FILE), line.slice(0, line.length - 7));
    const reopened = await Journal.open(dir);
    expect(reopened.get('a')?.step).toBe('optimised');
    expect(reopened.get('b')?.attempts).toBe(1);
    // The next step is not glued to the torn bytes: a third process reads it.
    await reopened.update('a', { step: 'uploaded' });
    expect((await Journal.open(dir)).get('a')?.step).toBe('uploaded');
  });

  it('refuses a log damaged before its last line rather than dropping steps', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a')]);
    await journal.update('a', { attempts: 1 });
    const lines = (await readFile(join(dir, JOURNAL_FILE), 'utf8')).split('\n');
    lines[1] = lines[1]!.slice(0, 20);
    await writeFile(join(dir, JOURNAL_FILE), lines.join('\n'));
    await expect(Journal.open(dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('moves jobs that settle to the archive, and still finds and updates them there', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a', '2026-11-24T10:00:00.000Z'), job('b', '2026-11-25T10:00:00.000Z')]);
    await journal.update('a', live('a', '2026-11-24T10:00:00.000Z'));
    const reopened = await Journal.open(dir);
    expect(reopened.list().map((j) => j.id)).toEqual(['b']);
    expect(await readdir(join(dir, ARCHIVE_DIR))).toEqual(['2026-11-24.jsonl']);
    expect(reopened.get('a')).toMatchObject({ status: 'live' });
    // A person revokes the old link: the archived job changes, durably, and history says so.
    await reopened.update('a', { status: 'revoked', revokedAt: '2026-11-26T00:00:00.000Z' });
    const third = await Journal.open(dir);
    expect(third.get('a')).toMatchObject({ status: 'revoked' });
    expect(third.all().map((j) => j.id).sort()).toEqual(['a', 'b']);
    expect((await readHistory(dir)).map((e) => [e.id, e.status])).toEqual([
      ['b', 'pending'],
      ['a', 'revoked'],
    ]);
  });

  it('compacts while running: the log stays short, settled jobs are archived, a fresh process reads the same', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir, Date.now, { compactEvery: 4 });
    await journal.add([job('a', '2026-11-24T10:00:00.000Z'), job('b', '2026-11-25T10:00:00.000Z')]);
    await journal.update('a', live('a', '2026-11-24T10:00:00.000Z'));
    for (let i = 1; i <= 6; i++) await journal.update('b', { attempts: i });
    expect(journal.list().map((j) => j.id)).toEqual(['b']);
    expect(await readdir(join(dir, ARCHIVE_DIR))).toEqual(['2026-11-24.jsonl']);
    expect((await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim().split('\n').length).toBeLessThanOrEqual(1 + 4);
    const reopened = await Journal.open(dir, Date.now, { readOnly: true });
    expect(reopened.get('b')?.attempts).toBe(6);
    expect(reopened.get('a')).toMatchObject({ status: 'live' });
  });

  it('pages history newest first across the log and the archive, jobs made together in the order added', async () => {
    const dir = await tempDir();
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
    const jobs = days.flatMap((day) => ['x', 'y', 'z'].map((n) => live(`${day}-${n}`, `${day}T10:00:00.000Z`)));
    const active = { ...job('now', '2026-11-05T10:00:00.000Z') };
    await writeV1(dir, [...jobs, active]);
    await Journal.open(dir); // migrates: the live jobs to the archive, the pending one to the log
    const reader = await Journal.open(dir, Date.now, { readOnly: true });
    const ids: string[][] = [];
    let before;
    do {
      const page = await historyPage(reader, { before, limit: 5 });
      ids.push(page.entries.map((e) => e.id));
      before = page.next;
    } while (before);
    expect(ids.flat()).toEqual(historyOf([...jobs, active]).map((e) => e.id));
    expect(ids[0]).toEqual(['now', '2026-11-04-x', '2026-11-04-y', '2026-11-04-z', '2026-11-03-x']);
    expect(ids[1]![0]).toBe('2026-11-03-y');
  });

  it('keeps the log and the archive private to the user', async () => {
    const dir = await tempDir();
    await writeV1(dir, V1_JOBS, V1_ALBUMS);
    await (await Journal.open(dir)).update('queued', { attempts: 1 });
    expect((await stat(join(dir, JOURNAL_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, ARCHIVE_DIR))).mode & 0o777).toBe(0o700);
    for (const name of await readdir(join(dir, ARCHIVE_DIR))) expect((await stat(join(dir, ARCHIVE_DIR, name))).mode & 0o777).toBe(0o600);
  });

  it('never writes when opened only to read', async () => {
    const dir = await tempDir();
    const writer = await Journal.open(dir);
    await writer.add([job('a')]);
    await writer.update('a', { attempts: 1 });
    const text = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    const reader = await Journal.open(dir, Date.now, { readOnly: true });
    expect(reader.get('a')?.attempts).toBe(1);
    await expect(reader.update('a', { attempts: 2 })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await readFile(join(dir, JOURNAL_FILE), 'utf8')).toBe(text);
  });
});

describe('data-dir lock', () => {
  it('lets one writer in and tells a second one clearly', async () => {
    const dir = await tempDir();
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED' });
    await release();
    const again = await lockDataDir(dir);
    await again();
  });

  it('takes over at once a lock whose owner died', async () => {
    const dir = await tempDir();
    // pid 2^22+1 is above Linux's pid_max default: certainly not running
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 4194305, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const release = await lockDataDir(dir);
    await release();
  });
});
