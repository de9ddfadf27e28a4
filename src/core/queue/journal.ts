// The persistent job journal. A step's write is one line appended to the active log (journal.log)
// and fsynced, whatever the size of the history: the log holds the jobs the engine still acts on
// and every album; settled jobs move to the archive (history/<day>.jsonl) when the log is
// compacted, at open and every COMPACT_EVERY steps. Opening reads the log only; history is read a
// day at a time (`page`), and whole only when a lookup by link or id needs it (`all`). Writes are
// serialised and applied to memory only once durable, so memory never runs ahead of the disk.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DmDropError } from '../../shared/errors';
import { readJsonFile } from '../storage/atomic-json-file';
import { crashPoint } from './crash-points';
import { isSettled } from './job-settled';
import { JournalDocumentSchema, type AlbumRecord, type JobRecord, type JournalDocument } from './job-record';
import { dayOf, JournalArchive } from './journal-archive';
import { invalidLog, LogAppender, readLog, writeLog, type LogRecord } from './journal-log';

export const JOURNAL_FILE = 'journal.log';
/** The format before the log (version 1): one JSON document, migrated on open. */
export const LEGACY_JOURNAL_FILE = 'journal.json';
/** Steps appended before the log is rewritten with only what it must hold. */
const COMPACT_EVERY = 1000;

export interface JournalOpenOptions {
  /**
   * A reader (`dmdrop history` while the app runs) neither migrates nor compacts: only the holder
   * of the data-dir lock may replace files another process is appending to.
   */
  readOnly?: boolean;
  /** Steps between compactions while running (COMPACT_EVERY). */
  compactEvery?: number;
}

/** Where a page of history ends: the next page starts after `skip` entries created at `createdAt`. */
export interface PageCursor {
  createdAt: string;
  skip: number;
}

export class Journal {
  private jobs: readonly JobRecord[] = [];
  private readonly index = new Map<string, number>();
  private albumList: readonly AlbumRecord[] = [];
  private readonly albumIndex = new Map<string, number>();
  /** Archived jobs by id, read on the first lookup that needs them. */
  private cold?: Map<string, JobRecord>;
  private chain: Promise<unknown> = Promise.resolve();
  private appender?: LogAppender;
  /** Lines in the log since it was last rewritten whole. */
  private records = 0;
  private readonly archive: JournalArchive;

  private constructor(
    readonly path: string,
    dataDir: string,
    private readonly now: () => number,
    private readonly readOnly: boolean,
    private readonly compactEvery: number,
  ) {
    this.archive = new JournalArchive(dataDir);
  }

  static async open(dataDir: string, now: () => number = Date.now, options: JournalOpenOptions = {}): Promise<Journal> {
    const journal = new Journal(join(dataDir, JOURNAL_FILE), dataDir, now, options.readOnly ?? false, options.compactEvery ?? COMPACT_EVERY);
    const legacyPath = join(dataDir, LEGACY_JOURNAL_FILE);
    const legacy = await readLegacy(legacyPath);
    if (legacy && options.readOnly) {
      // Not migrated yet (the writer does that): the old document is the whole truth.
      journal.apply(legacy.jobs, legacy.albums);
      return journal;
    }
    if (legacy) await journal.migrate(legacy, legacyPath);
    const log = await readLog(journal.path);
    if (log) {
      for (const record of log.records) journal.apply(record.jobs ?? [], record.albums ?? []);
      journal.records = log.records.length;
      journal.appender = new LogAppender(journal.path, log.validBytes, log.size);
    }
    if (!journal.readOnly && journal.records > 1) await journal.compact();
    return journal;
  }

  /** The jobs the engine still acts on: pending, failed but resumable, live with an expiry, in an open album. */
  list(): readonly JobRecord[] {
    return this.jobs;
  }

  /** Every job, archived ones first (oldest day first), then the active ones. Reads the whole archive once. */
  all(): readonly JobRecord[] {
    const cold = [...this.coldJobs().values()].filter((job) => !this.index.has(job.id));
    return [...cold, ...this.jobs];
  }

  get(id: string): JobRecord | undefined {
    const at = this.index.get(id);
    return at === undefined ? this.coldJobs().get(id) : this.jobs[at];
  }

  albums(): readonly AlbumRecord[] {
    return this.albumList;
  }

  album(id: string): AlbumRecord | undefined {
    const at = this.albumIndex.get(id);
    return at === undefined ? undefined : this.albumList[at];
  }

  /**
   * Jobs newest first by creation, `limit` at a time; jobs created at the same instant (one batch)
   * in the order they were added, archived ones before active ones. Reads the archive's newest days
   * only until the page is certain.
   */
  async page({ before, limit }: { before?: PageCursor; limit: number }): Promise<{ jobs: JobRecord[]; next?: PageCursor }> {
    interface Ranked {
      job: JobRecord;
      hot: boolean;
      pos: number;
    }
    const fits = (job: JobRecord) => !before || job.createdAt <= before.createdAt;
    const candidates: Ranked[] = this.jobs.filter(fits).map((job, pos) => ({ job, hot: true, pos }));
    const lastDay = before?.createdAt.slice(0, 10);
    const wanted = limit + (before?.skip ?? 0);
    for (const day of await this.archive.days()) {
      if (lastDay && day > lastDay) continue;
      for (const [pos, job] of (await this.archive.day(day)).entries()) {
        if (!this.index.has(job.id) && fits(job)) candidates.push({ job, hot: false, pos });
      }
      // Every job not read yet was created before this day: enough from this day on settles the page.
      if (candidates.filter((c) => dayOf(c.job) >= day).length >= wanted) break;
    }
    candidates.sort((a, b) =>
      a.job.createdAt !== b.job.createdAt ? (a.job.createdAt < b.job.createdAt ? 1 : -1) : a.hot !== b.hot ? (a.hot ? 1 : -1) : a.pos - b.pos,
    );
    let skip = before?.skip ?? 0;
    const jobs = candidates
      .filter((c) => !(before && c.job.createdAt === before.createdAt && skip-- > 0))
      .slice(0, limit)
      .map((c) => c.job);
    if (jobs.length < limit) return { jobs };
    const last = jobs.at(-1)!.createdAt;
    const sameTime = jobs.filter((job) => job.createdAt === last).length + (before?.createdAt === last ? before.skip : 0);
    return { jobs, next: { createdAt: last, skip: sameTime } };
  }

  /** Adds jobs (and the album they belong to) in one durable write. */
  add(jobs: JobRecord[], album?: AlbumRecord): Promise<void> {
    return this.commit(() => ({ jobs, albums: album ? [album] : [], result: undefined }));
  }

  updateAlbum(id: string, patch: Partial<AlbumRecord>): Promise<AlbumRecord> {
    return this.commit(() => {
      const album = this.album(id);
      if (!album) throw new DmDropError('INTERNAL', `Album ${id} is not in the journal.`);
      const next = { ...album, ...patch, updatedAt: new Date(this.now()).toISOString() };
      return { jobs: [], albums: [next], result: next };
    });
  }

  /** Applies a patch to one job and makes it durable before resolving. */
  update(id: string, patch: Partial<JobRecord>): Promise<JobRecord> {
    return this.commit(() => {
      const job = this.get(id);
      if (!job) throw new DmDropError('INTERNAL', `Job ${id} is not in the journal.`);
      const next = { ...job, ...patch, updatedAt: new Date(this.now()).toISOString() };
      return { jobs: [next], albums: [], result: next };
    });
  }

  /**
   * A change decided on the journal as it is when its turn to be written comes, not as it was an
   * await earlier: two decisions about one job (reopen it, replace it) cannot both be taken. The
   * document holds the active jobs (`list()`) and every album; the records it returns changed
   * (new objects) are what is written.
   */
  transact<T>(change: (doc: JournalDocument, now: string) => { doc: JournalDocument; result: T }): Promise<T> {
    return this.commit(() => {
      const doc: JournalDocument = { version: 1, jobs: [...this.jobs], albums: [...this.albumList] };
      const out = change(doc, new Date(this.now()).toISOString());
      return {
        jobs: out.doc.jobs.filter((job) => this.jobs[this.index.get(job.id) ?? -1] !== job),
        albums: out.doc.albums.filter((album) => this.albumList[this.albumIndex.get(album.id) ?? -1] !== album),
        result: out.result,
      };
    });
  }

  private commit<T>(change: () => { jobs: JobRecord[]; albums: AlbumRecord[]; result: T }): Promise<T> {
    const run = this.chain.then(async () => {
      if (this.readOnly) throw new DmDropError('INTERNAL', 'This journal was opened to read only.');
      if (this.records >= this.compactEvery) await this.compact();
      const { jobs, albums, result } = change();
      if (jobs.length === 0 && albums.length === 0) return result;
      if (jobs.some((j) => j.step === 'optimised') && this.jobs.every((j) => j.step !== 'optimised')) {
        await crashPoint('mid-journal-write');
      }
      const record: LogRecord = { ...(jobs.length ? { jobs } : {}), ...(albums.length ? { albums } : {}) };
      if (this.appender) {
        await this.appender.append(record);
      } else {
        const size = await writeLog(this.path, record); // the first step of a new journal creates the log
        this.appender = new LogAppender(this.path, size, size);
      }
      this.records += 1;
      this.apply(jobs, albums);
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Puts records into memory (each replacing its earlier copy); callers have made them durable. */
  private apply(jobs: readonly JobRecord[], albums: readonly AlbumRecord[]) {
    // New arrays, so a list handed out earlier stays as it was (the engine filters it across awaits).
    if (jobs.length > 0) this.jobs = upsert(this.jobs, this.index, jobs);
    if (albums.length > 0) this.albumList = upsert(this.albumList, this.albumIndex, albums);
  }

  /**
   * Moves settled jobs to the archive (durable first), then rewrites the log with the rest as one
   * record. A crash between the two leaves those jobs in both, and the log's copy wins.
   */
  private async compact(): Promise<void> {
    const albums = new Map(this.albumList.map((album) => [album.id, album]));
    const settled = this.jobs.filter((job) => isSettled(job, albums));
    const kept = this.jobs.filter((job) => !isSettled(job, albums));
    await this.archive.append(settled);
    const size = await writeLog(this.path, { jobs: kept, albums: [...this.albumList] });
    this.appender = new LogAppender(this.path, size, size);
    this.records = 1;
    this.jobs = [];
    this.index.clear();
    this.apply(kept, []);
    if (this.cold) for (const job of settled) this.cold.set(job.id, job);
  }

  /**
   * Version 1 (one document) to the log and archive. Crash-safe by order: the archive is appended
   * (a repeat only adds copies), the log written whole, and the old document removed last; until
   * then it is the truth, and a crash anywhere before means the next open migrates again.
   */
  private async migrate(legacy: JournalDocument, legacyPath: string): Promise<void> {
    const albums = new Map(legacy.albums.map((album) => [album.id, album]));
    await this.archive.append(legacy.jobs.filter((job) => isSettled(job, albums)));
    await writeLog(this.path, { jobs: legacy.jobs.filter((job) => !isSettled(job, albums)), albums: legacy.albums });
    await rm(legacyPath, { force: true });
  }

  private coldJobs(): Map<string, JobRecord> {
    this.cold ??= new Map(this.archive.allSync().map((job) => [job.id, job]));
    return this.cold;
  }
}

function upsert<T extends { id: string }>(list: readonly T[], index: Map<string, number>, changed: readonly T[]): T[] {
  const next = [...list];
  for (const record of changed) {
    const at = index.get(record.id);
    if (at === undefined) {
      index.set(record.id, next.length);
      next.push(record);
    } else {
      next[at] = record;
    }
  }
  return next;
}

async function readLegacy(path: string): Promise<JournalDocument | undefined> {
  const raw = await readJsonFile(path);
  if (raw === undefined) return undefined;
  const parsed = JournalDocumentSchema.safeParse(raw);
  if (!parsed.success) throw invalidLog(path);
  return parsed.data;
}
