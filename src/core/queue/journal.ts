// The persistent job journal: every job and each step it reaches, in one JSON document rewritten
// atomically (temp file + fsync + rename) per change. Writes are serialised and applied to a copy
// first, so the in-memory view never runs ahead of what is on disk.
import { join } from 'node:path';
import { DmDropError } from '../../shared/errors';
import { readJsonFile, writeJsonFile } from '../storage/atomic-json-file';
import { crashPoint } from './crash-points';
import { JournalDocumentSchema, type AlbumRecord, type JobRecord, type JournalDocument } from './job-record';

export const JOURNAL_FILE = 'journal.json';

export class Journal {
  private doc: JournalDocument;
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    doc: JournalDocument,
    private readonly now: () => number,
  ) {
    this.doc = doc;
  }

  static async open(dataDir: string, now: () => number = Date.now): Promise<Journal> {
    const path = join(dataDir, JOURNAL_FILE);
    const raw = await readJsonFile(path);
    if (raw === undefined) return new Journal(path, { version: 1, jobs: [], albums: [] }, now);
    const parsed = JournalDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DmDropError(
        'CONFIG_INVALID',
        `The job journal ${path} is not in a format this version understands; move it aside to start afresh.`,
      );
    }
    return new Journal(path, parsed.data, now);
  }

  list(): readonly JobRecord[] {
    return this.doc.jobs;
  }

  get(id: string): JobRecord | undefined {
    return this.doc.jobs.find((job) => job.id === id);
  }

  albums(): readonly AlbumRecord[] {
    return this.doc.albums;
  }

  album(id: string): AlbumRecord | undefined {
    return this.doc.albums.find((album) => album.id === id);
  }

  /** Adds jobs (and the album they belong to) in one durable write. */
  add(jobs: JobRecord[], album?: AlbumRecord): Promise<void> {
    return this.commit((doc) => ({ ...doc, jobs: [...doc.jobs, ...jobs], albums: album ? [...doc.albums, album] : doc.albums }));
  }

  updateAlbum(id: string, patch: Partial<AlbumRecord>): Promise<AlbumRecord> {
    return this.commit((doc) => {
      const index = doc.albums.findIndex((album) => album.id === id);
      if (index < 0) throw new DmDropError('INTERNAL', `Album ${id} is not in the journal.`);
      const albums = [...doc.albums];
      albums[index] = { ...albums[index]!, ...patch, updatedAt: new Date(this.now()).toISOString() };
      return { ...doc, albums };
    }).then(() => this.album(id)!);
  }

  /** Applies a patch to one job and makes it durable before resolving. */
  update(id: string, patch: Partial<JobRecord>): Promise<JobRecord> {
    return this.commit((doc) => {
      const index = doc.jobs.findIndex((job) => job.id === id);
      if (index < 0) throw new DmDropError('INTERNAL', `Job ${id} is not in the journal.`);
      const jobs = [...doc.jobs];
      jobs[index] = { ...jobs[index]!, ...patch, updatedAt: new Date(this.now()).toISOString() };
      return { ...doc, jobs };
    }).then(() => this.get(id)!);
  }

  /**
   * A change decided on the journal as it is when its turn to be written comes, not as it was an
   * await earlier: two decisions about one job (reopen it, replace it) cannot both be taken.
   */
  transact<T>(change: (doc: JournalDocument, now: string) => { doc: JournalDocument; result: T }): Promise<T> {
    let result!: T;
    return this.commit((doc) => {
      const out = change(doc, new Date(this.now()).toISOString());
      result = out.result;
      return out.doc;
    }).then(() => result);
  }

  private commit(change: (doc: JournalDocument) => JournalDocument): Promise<void> {
    const run = this.chain.then(async () => {
      const next = change(this.doc);
      if (next.jobs.some((j) => j.step === 'optimised') && this.doc.jobs.every((j) => j.step !== 'optimised')) {
        await crashPoint('mid-journal-write');
      }
      await writeJsonFile(this.path, next, 0o600);
      this.doc = next;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
