// History is the journal seen from the user's side: one entry per photo, newest first.
import type { ProviderId } from '../../shared/settings-schema';
import type { JobRecord, JobStatus, JobStep } from './job-record';
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
  error?: { code: string; message: string };
}

export function toHistoryEntry(job: JobRecord): HistoryEntry {
  return {
    id: job.id,
    file: job.file,
    provider: job.provider,
    status: job.status,
    step: job.step,
    createdAt: job.createdAt,
    url: job.link?.url,
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

export function historyOf(jobs: readonly JobRecord[]): HistoryEntry[] {
  return jobs
    .map(toHistoryEntry)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Reads history without taking the data-dir lock: the journal file is only ever replaced whole. */
export async function readHistory(dataDir: string): Promise<HistoryEntry[]> {
  return historyOf((await Journal.open(dataDir)).list());
}
