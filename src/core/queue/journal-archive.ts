// The journal's archive: settled jobs (see job-settled.ts), one file per day of creation
// (history/2026-11-25.jsonl, a job per line, a later line replacing an earlier copy of the same
// job). Only appended to, and fsynced before the active log forgets what was moved, so a crash in
// between leaves a job in both places, never in neither. The newest days are read first, so a page
// of history reads a day or two however long the history is.
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DmDropError } from '../../shared/errors';
import { writeError } from '../storage/atomic-json-file';
import { unlessMissing, unlessMissingSync } from '../storage/unless-missing';
import type { JobRecord } from './job-record';

export const ARCHIVE_DIR = 'history';
const SEGMENT = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The day a job is filed under: the UTC date it was created. */
export function dayOf(job: Pick<JobRecord, 'createdAt'>): string {
  return /^\d{4}-\d{2}-\d{2}/.test(job.createdAt) ? job.createdAt.slice(0, 10) : '0000-00-00';
}

export class JournalArchive {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, ARCHIVE_DIR);
  }

  /** Days that have an archive file, newest first. */
  async days(): Promise<string[]> {
    return (await unlessMissing(readdir(this.dir), [])).flatMap((name) => SEGMENT.exec(name)?.[1] ?? []).sort().reverse();
  }

  /** The jobs filed under a day, in the order they were archived, each once (its last copy). */
  async day(day: string): Promise<JobRecord[]> {
    const text = await unlessMissing(readFile(this.segment(day), 'utf8'), undefined);
    return text === undefined ? [] : this.parse(day, text);
  }

  /** Every archived job, oldest day first. Synchronous and whole: for the rare lookups by link or id. */
  allSync(): JobRecord[] {
    const names = unlessMissingSync(() => readdirSync(this.dir), []);
    const days = names.flatMap((name) => SEGMENT.exec(name)?.[1] ?? []).sort();
    return days.flatMap((day) => this.parse(day, readFileSync(this.segment(day), 'utf8')));
  }

  /**
   * Adds jobs to their days' files and makes them durable (each file and the folder fsynced) before
   * resolving: only then may the active log drop them.
   */
  async append(jobs: readonly JobRecord[]): Promise<void> {
    if (jobs.length === 0) return;
    const byDay = new Map<string, JobRecord[]>();
    for (const job of jobs) {
      const group = byDay.get(dayOf(job));
      if (group) group.push(job);
      else byDay.set(dayOf(job), [job]);
    }
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      for (const [day, group] of byDay) {
        const handle = await open(this.segment(day), 'a+', 0o600);
        try {
          // A crash mid-append leaves a torn last line: cut it off, or the next line would join it.
          const { size } = await handle.stat();
          if (size > 0) {
            const tail = Buffer.alloc(1);
            await handle.read(tail, 0, 1, size - 1);
            if (tail[0] !== 0x0a) {
              const text = await readFile(this.segment(day));
              await handle.truncate(text.lastIndexOf(0x0a) + 1);
            }
          }
          await handle.write(group.map((job) => JSON.stringify(job) + '\n').join(''));
          await handle.datasync();
        } finally {
          await handle.close();
        }
      }
      // New files must be in the folder for good too before the log forgets their jobs (Windows
      // cannot open a folder to sync it; NTFS journals its metadata).
      if (process.platform !== 'win32') {
        const dir = openSync(this.dir, 'r');
        try {
          fsyncSync(dir);
        } finally {
          closeSync(dir);
        }
      }
    } catch (error) {
      throw writeError(this.dir, error);
    }
  }

  private segment(day: string): string {
    return join(this.dir, `${day}.jsonl`);
  }

  private parse(day: string, text: string): JobRecord[] {
    const byId = new Map<string, JobRecord>();
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (line === '') continue;
      try {
        const job = JSON.parse(line) as JobRecord;
        // Map keeps the first position and takes the last copy: a job moved twice stays in place.
        byId.set(job.id, job);
      } catch (error) {
        if (i === lines.length - 1) break; // torn by a crash mid-append: its job is still in the log
        throw new DmDropError('CONFIG_INVALID', `The history file ${this.segment(day)} is damaged at line ${i + 1}; move it aside.`, { cause: error });
      }
    }
    return [...byId.values()];
  }
}
