// History is the journal seen from the user's side: one entry per photo, newest first.
import { linkForDm } from '../links/dm-link';
import type { ErrorInfo } from '../../shared/errors';
import type { ProviderId } from '../../shared/settings-schema';
import type { AlbumRecord, JobRecord, JobStatus, JobStep } from './job-record';
import { Journal } from './journal';

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

/** Reads history without taking the data-dir lock: the journal file is only ever replaced whole. */
export async function readHistory(dataDir: string): Promise<HistoryEntry[]> {
  const journal = await Journal.open(dataDir);
  return historyOf(journal.list(), journal.albums());
}
