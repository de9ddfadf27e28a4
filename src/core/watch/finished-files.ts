// When has a file that keeps changing finished being written? Each change restarts a short settle;
// then its structure is read (write-finish.ts): complete → finished; incomplete → wait for the next
// change (never a timer loop); a format that cannot say → finished after a quiet spell; a writer
// that dies mid-file → given up on after a while. Which files to follow is the watcher's policy.
import { stat } from 'node:fs/promises';
import type { Schedule } from '../engine/network-recovery';
import type { FileMark } from './watch-state';
import { checkComplete } from './write-finish';

export interface FinishedFilesOptions<Folder> {
  /** Quiet time after the last change before a file's structure is checked (default 0). */
  settleMs?: number;
  /** For files whose format cannot tell us they are complete: unchanged this long = finished. */
  quietMs?: number;
  /** A file that stays incomplete this long (its writer died) is given up on. */
  abandonMs?: number;
  /** The file is complete; it is no longer followed. */
  finished: (path: string, folder: Folder, mark: FileMark) => Promise<void>;
  /** The file stayed incomplete for `abandonMs`. */
  abandoned: (path: string) => void;
  /** A quiet spell ended with the file changed: the watcher decides whether to follow it again. */
  changedAgain: (path: string, folder: Folder) => void;
  /** Work started by a timer, so whoever closes can wait for it. */
  track: (work: Promise<void>) => void;
  /** The timers; tests pass their own to fire them when they choose. */
  schedule?: Schedule;
}

/** Plain timers, not unref'd: a file being written is work the process still has to do. */
const plainTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

interface Following<Folder> {
  folder: Folder;
  cancelCheck?: () => void;
  cancelAbandon?: () => void;
}

export class FinishedFiles<Folder> {
  private readonly following = new Map<string, Following<Folder>>();

  constructor(private readonly options: FinishedFilesOptions<Folder>) {}

  /** The file changed: check its structure once the settle has passed. */
  changed(path: string, folder: Folder): void {
    const entry = this.following.get(path) ?? { folder };
    entry.cancelCheck?.();
    entry.cancelCheck = this.schedule(() => this.options.track(this.check(path)), this.options.settleMs ?? 0);
    entry.cancelAbandon ??= this.schedule(() => this.giveUp(path), this.options.abandonMs ?? 120_000);
    this.following.set(path, entry);
  }

  /** Stops following the file (deleted, renamed away, or finished). */
  forget(path: string): void {
    const entry = this.following.get(path);
    if (!entry) return;
    entry.cancelCheck?.();
    entry.cancelAbandon?.();
    this.following.delete(path);
  }

  isFollowing(path: string): boolean {
    return this.following.has(path);
  }

  /** Stops every timer; files not finished yet are not reported. */
  close(): void {
    for (const path of [...this.following.keys()]) this.forget(path);
  }

  private giveUp(path: string) {
    if (!this.following.has(path)) return;
    this.forget(path);
    this.options.abandoned(path);
  }

  private async check(path: string): Promise<void> {
    const entry = this.following.get(path);
    if (!entry) return;
    let completeness;
    try {
      completeness = await checkComplete(path);
    } catch {
      return this.forget(path); // gone (renamed away or deleted) before we looked
    }
    if (completeness === 'incomplete' || completeness === 'empty') return; // more writes will come
    if (completeness === 'unknown-format') {
      // Nothing in the bytes says "finished": wait for a quiet spell instead.
      const before = await markOf(path);
      entry.cancelCheck = this.schedule(
        () =>
          this.options.track(
            markOf(path).then(async (after) => {
              if (after && before && after.size === before.size && after.mtimeMs === before.mtimeMs) return this.finish(path, entry.folder, after);
              if (after) this.options.changedAgain(path, entry.folder);
            }),
          ),
        this.options.quietMs ?? 500,
      );
      return;
    }
    const mark = await markOf(path);
    if (mark) await this.finish(path, entry.folder, mark);
  }

  private finish(path: string, folder: Folder, mark: FileMark): Promise<void> {
    this.forget(path);
    return this.options.finished(path, folder, mark);
  }

  private schedule(fn: () => void, ms: number): () => void {
    return (this.options.schedule ?? plainTimer)(fn, ms);
  }
}

/** A file's size and modification time, or undefined when it is not a regular file (any more). */
export async function markOf(path: string): Promise<FileMark | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: Math.round(s.mtimeMs) } : undefined;
  } catch {
    return undefined;
  }
}
