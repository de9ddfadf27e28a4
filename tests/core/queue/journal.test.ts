import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, JOURNAL_FILE } from '../../../src/core/queue/journal';
import { hostname } from 'node:os';
import { LOCK_FILE, lockDataDir } from '../../../src/core/queue/data-dir-lock';
import { readHistory } from '../../../src/core/queue/history';
import type { JobRecord } from '../../../src/core/queue/job-record';
import { useTempDirs } from '../../helpers/temp-dir';

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

  it('keeps the in-memory view unchanged when a write fails', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.add([job('a')]);
    // A non-empty directory where the journal should be: the atomic rename must fail (even as root).
    await rm(join(dir, JOURNAL_FILE));
    await mkdir(join(dir, JOURNAL_FILE));
    await writeFile(join(dir, JOURNAL_FILE, 'x'), '');
    await expect(journal.update('a', { attempts: 5 })).rejects.toMatchObject({ code: 'JOURNAL_WRITE_FAILED' });
    expect(journal.get('a')?.attempts).toBe(0);
    // and the next write after the fault still works
    await rm(join(dir, JOURNAL_FILE), { recursive: true });
    await journal.update('a', { attempts: 1 });
    expect(JSON.parse(await readFile(join(dir, JOURNAL_FILE), 'utf8')).jobs[0].attempts).toBe(1);
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
