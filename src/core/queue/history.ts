// History is the journal seen from the user's side: one entry per photo, newest first.
import { linkForDm } from '../links/dm-link';
import type { ErrorInfo } from '../../shared/errors';
import type { ProviderId } from '../../shared/settings-schema';
import type { AlbumRecord, JobRecord, JobStatus, JobStep } from './job-record';
import { Journal, type PageCursor } from './journal';

export interface HistoryEntry {
  id: string;
  file: string;
  provider: ProviderId;
  status: JobStatus;
  step: JobStep;
  createdAt: string;
  url?: string;
  directUrl?: string;
  dm?: string;
  bytesIn?: number;
  bytesOut?: number;
  width?: number;
  height?: number;
  expiresAt?: string;
  revokedAt?: string;
  expiredLate?: boolean;
  error?: ErrorInfo;
  /** The album the photo was shared in (its url is then the album's). */
  album?: string;
  /** How the album's last check went: `failing` means its link stays open but is being checked again. */
  albumHealth?: 'ok' | 'failing';
  /** What was taken out before upload. */
  removed?: { location: boolean; camera: boolean; otherMetadata: boolean };
}

export function toHistoryEntry(job: JobRecord, albums: readonly AlbumRecord[] = []): HistoryEntry {
  const album = job.albumId ? albums.find((a) => a.id === job.albumId) : undefined;
  return {
    ...(album ? { album: album.name } : {}),
    ...(album?.health ? { albumHealth: album.health.state } : {}),
    ...(job.output ? { removed: job.output.removed } : {}),
    id: job.id,
    file: job.file,
    provider: job.provider,
    status: job.status,
    step: job.step,
    createdAt: job.createdAt,
    url: job.link && linkForDm(job.link, job.options.linkOpens ?? 'page'),
    directUrl: job.link?.directUrl,
    dm: job.dm,
    bytesIn: job.source?.bytes,
    bytesOut: job.output?.bytes,
    width: job.output?.width,
    height: job.output?.height,
    expiresAt: job.options.expiresAt ?? job.link?.expiresAt,
    expiredLate: job.expiredLate,
    revokedAt: job.revokedAt,
    error: job.error,
  };
}

export function historyOf(jobs: readonly JobRecord[], albums: readonly AlbumRecord[] = []): HistoryEntry[] {
  return jobs
    .map((job) => toHistoryEntry(job, albums))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Pass as `before` for the next page; absent on the last one. */
  next?: PageCursor;
}

/** One page of history, newest first: reads only the archive's newest days it needs. */
export async function historyPage(journal: Journal, options: { before?: PageCursor; limit?: number } = {}): Promise<HistoryPage> {
  const { jobs, next } = await journal.page({ before: options.before, limit: options.limit ?? 100 });
  return { entries: jobs.map((job) => toHistoryEntry(job, journal.albums())), ...(next ? { next } : {}) };
}

/** Every page of history in turn, without taking the data-dir lock: the reader never writes. */
export async function* readHistoryPages(dataDir: string, limit = 500): AsyncGenerator<HistoryEntry[]> {
  const journal = await Journal.open(dataDir, Date.now, { readOnly: true });
  let before: PageCursor | undefined;
  do {
    const page = await historyPage(journal, { before, limit });
    yield page.entries;
    before = page.next;
  } while (before);
}

/** The whole history, newest first (see readHistoryPages). */
export async function readHistory(dataDir: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  for await (const page of readHistoryPages(dataDir)) entries.push(...page);
  return entries;
}
