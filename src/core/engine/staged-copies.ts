// A job's optimised photo is kept on this machine (<data dir>/staging/<job id>.<ext>, private to the
// user) from its optimisation until its upload is journaled, so a resumed job uploads exactly the
// bytes the journal names (their SHA-256 is in the job's record).
//
// Written atomically (a temporary name, then rename) and synced, but in the background: the upload
// takes the bytes from memory and does not wait for the disk (syncing a camera photo's copy before
// its upload added ≈ 20 ms to it on the benchmark machine). A power cut can therefore lose a copy whose step "optimised" was journaled, while its
// upload may already have reached the provider. Such a copy is made again from the original with
// the encoder settings recorded beside it, and used only if it is byte for byte the recorded one, so
// the provider's earlier upload is recognised instead of sent twice (JobRunner.recoverStagedCopy).
//
// Swept at start: a copy no job can still upload (its photo is live, or it failed for good, or it was
// left by a kill between the write and the journal) is removed when the engine opens.
import { randomBytes, createHash } from 'node:crypto';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { retryKindOf } from '../../shared/retry-kind';
import type { JobRecord } from '../queue/job-record';
import { unlessMissing } from '../storage/unless-missing';

export function stagingDir(dataDir: string): string {
  return join(dataDir, 'staging');
}

export function stagedPathFor(dataDir: string, jobId: string, ext: string): string {
  return join(stagingDir(dataDir), `${jobId}.${ext}`);
}

/**
 * Where a job's staged copy is now: its recorded name in this data folder's staging (the record
 * keeps the whole path, which goes stale if the data folder moved or is reached another way).
 */
export function stagedCopyOf(dataDir: string, job: JobRecord): string | undefined {
  return job.output ? join(stagingDir(dataDir), basename(job.output.stagedPath)) : undefined;
}

/**
 * Writes a staged copy atomically (a temporary name, then rename: the path never holds half a file)
 * and durably: its data, then its name in the folder. The folder must exist.
 */
export async function writeStagedCopy(path: string, data: Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(data);
    await file.datasync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  await syncFolder(dirname(path));
}

/**
 * A folder's entries made durable (a renamed file's new name). Windows cannot open a folder for this
 * and needs it no more: NTFS journals the rename itself (FlushFileBuffers applies to files only).
 */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The staged copy's bytes when they are exactly the recorded ones; undefined when missing or different. */
export async function readStagedCopy(path: string, sha256: string): Promise<Buffer | undefined> {
  const data = await unlessMissing(readFile(path), undefined);
  return data && createHash('sha256').update(data).digest('hex') === sha256 ? data : undefined;
}

/**
 * Whether a job may still upload its staged copy: one that is pending, or failed for a reason
 * `resume` can take up again. A live photo was uploaded; a photo failed for good never continues
 * (sharing it again is a new job with a copy of its own).
 */
export function mayStillUpload(job: JobRecord): boolean {
  if (job.status === 'pending') return true;
  return job.status === 'failed' && job.error !== undefined && retryKindOf(job.error.code) !== undefined;
}

/**
 * Removes every file in staging that is not the recorded copy of a job that may still upload it
 * (one past its upload never reads its copy again: links and checks go by the recorded SHA-256).
 * Call only while no job is running (at open): a running job's copy is not recorded until it is
 * journaled. Returns the names removed.
 */
export async function sweepStagedCopies(dataDir: string, jobs: readonly JobRecord[]): Promise<string[]> {
  const names = await unlessMissing(readdir(stagingDir(dataDir)), []);
  const keep = new Set(jobs.flatMap((job) => (job.step === 'optimised' && job.output && mayStillUpload(job) ? [basename(job.output.stagedPath)] : [])));
  const removed = names.filter((name) => !keep.has(name));
  await Promise.all(removed.map((name) => rm(join(stagingDir(dataDir), name), { force: true, recursive: true })));
  return removed;
}
