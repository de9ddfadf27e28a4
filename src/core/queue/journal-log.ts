// The journal's active log: one JSON line per step (the records it changed, whole), appended and
// fsynced before the step counts as done, so a step's write costs the same however long the
// history. A crash can only tear the last line (it is ignored: its step was never acknowledged);
// the writer cuts such a tail off before appending again, so every earlier line stays readable.
import { constants } from 'node:fs';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { DmDropError } from '../../shared/errors';
import { writeError } from '../storage/atomic-json-file';
import { unlessMissing } from '../storage/unless-missing';
import { AlbumRecordSchema, JobRecordSchema, type AlbumRecord, type JobRecord } from './job-record';

export const LOG_VERSION = 2;
const HEADER = JSON.stringify({ format: 'dmdrop-journal', version: LOG_VERSION }) + '\n';

/** One line of the log: the records a step wrote, each whole, each replacing any earlier copy. */
export interface LogRecord {
  jobs?: JobRecord[];
  albums?: AlbumRecord[];
}

export interface LogContents {
  records: LogRecord[];
  /** Bytes up to the end of the last good line: anything after it is a torn write. */
  validBytes: number;
  /** Bytes in the file as read. */
  size: number;
}

export function invalidLog(path: string): DmDropError {
  return new DmDropError('CONFIG_INVALID', `The job journal ${path} is not in a format this version understands; move it aside to start afresh.`);
}

/** Reads the log; undefined when there is none. */
export async function readLog(path: string): Promise<LogContents | undefined> {
  const buffer = await unlessMissing(readFile(path), undefined);
  if (!buffer) return undefined;
  const records: LogRecord[] = [];
  let start = 0;
  let validBytes = 0;
  let first = true;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    const last = end < 0 || end === buffer.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(buffer.toString('utf8', start, end < 0 ? buffer.length : end));
    } catch (error) {
      // A torn write leaves at most the last line unreadable; one in the middle is damage.
      if (last && !first) break;
      throw Object.assign(invalidLog(path), { cause: error });
    }
    if (end < 0 && !first) break; // complete JSON but no newline yet: its write was cut short
    if (first) {
      const header = value as { format?: unknown; version?: unknown };
      if (header?.format !== 'dmdrop-journal' || header.version !== LOG_VERSION) throw invalidLog(path);
      first = false;
    } else {
      records.push(parseRecord(path, value));
    }
    validBytes = end < 0 ? buffer.length : end + 1;
    start = validBytes;
  }
  if (first) throw invalidLog(path); // not even a header: not ours
  return { records, validBytes, size: buffer.length };
}

function parseRecord(path: string, value: unknown): LogRecord {
  const raw = value as { jobs?: unknown; albums?: unknown };
  const jobs = JobRecordSchema.array().optional().safeParse(raw?.jobs);
  const albums = AlbumRecordSchema.array().optional().safeParse(raw?.albums);
  if (!jobs.success || !albums.success) throw invalidLog(path);
  return { jobs: jobs.data, albums: albums.data };
}

/** Replaces the whole log at once (temp file + fsync + rename): the state as one record. */
export async function writeLog(path: string, state: LogRecord): Promise<number> {
  const text = HEADER + JSON.stringify(state) + '\n';
  try {
    await writeFileAtomic(path, text, { mode: 0o600, fsync: true });
  } catch (error) {
    throw writeError(path, error);
  }
  return Buffer.byteLength(text);
}

/**
 * Appends records to an existing log, each durable (fdatasync) before `append` resolves. The file is
 * opened for each append: a few microseconds beside the fsync, and no descriptor outlives a step
 * (nor points at a log that compaction has since replaced).
 */
export class LogAppender {
  /** `validBytes`: where the last good line ends; a longer file is cut back before the next append. */
  constructor(
    readonly path: string,
    private validBytes: number,
    private size: number,
  ) {}

  async append(record: LogRecord): Promise<void> {
    const line = Buffer.from(JSON.stringify(record) + '\n');
    let handle: FileHandle | undefined;
    try {
      if (this.size !== this.validBytes) {
        await truncate(this.path, this.validBytes);
        this.size = this.validBytes;
      }
      // Never created here: a log that vanished must not come back headless.
      handle = await open(this.path, constants.O_WRONLY | constants.O_APPEND);
      this.size = this.validBytes + line.length; // until known otherwise: a failure below may leave part of it
      await handle.write(line, 0, line.length);
      await handle.datasync();
      this.validBytes = this.size;
    } catch (error) {
      // Part of the line may be on disk: cut it off now if possible, else before the next append.
      await handle
        ?.truncate(this.validBytes)
        .then(() => (this.size = this.validBytes))
        .catch(() => undefined);
      throw writeError(this.path, error);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}
