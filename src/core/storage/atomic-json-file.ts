// Durable JSON documents: write-file-atomic writes a temp file, fsyncs it and renames it over the
// old one, so a crash at any instant leaves either the old or the new document, never a torn one.
import { readFile } from 'node:fs/promises';
import { DmDropError } from '../../shared/errors';
import { unlessMissing } from './unless-missing';

export async function readJsonFile(path: string): Promise<unknown | undefined> {
  const text = await unlessMissing(readFile(path, 'utf8'), undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DmDropError('CONFIG_INVALID', `${path} is not valid JSON; fix or remove it.`, { cause: error });
  }
}

export async function writeJsonFile(path: string, value: unknown, mode = 0o600): Promise<void> {
  // Loaded at the first write: reading settings at a CLI start must not load crypto and worker_threads.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  try {
    await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', { mode, fsync: true });
  } catch (error) {
    throw writeError(path, error);
  }
}

/** A failed write as the error a person reads: a full disk says so, anything else names the file. */
export function writeError(path: string, error: unknown): DmDropError {
  if (error instanceof DmDropError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DmDropError('DISK_FULL', `The disk holding ${path} is full; free some space and try again.`, { cause: error });
  }
  return new DmDropError('JOURNAL_WRITE_FAILED', `Could not write ${path}: ${(error as Error).message}`, { cause: error });
}
