// When a live album's check fails, its link stays (people may have it) and the album is checked
// again later by itself: this is that schedule, one pending check per album, growing pauses, for
// about a day. What a check does is the engine's; when it happens is decided here.
import { timerSchedule, type Schedule } from './network-recovery';

/** A failing live album is checked again after 1, 5 and 15 minutes, then every hour for about a day. */
export const RECHECK_DELAYS_MS = [60_000, 300_000, 900_000, 3_600_000];

/** About a day of trying; after that only a resume or the next photo that joins checks again. */
export const RECHECK_LIMIT = 27;

export interface AlbumRecheckOptions {
  /** Checks the album again (the engine: reopen its waiting photos, run it, deliver or reschedule). */
  recheck: (albumId: string) => void;
  /** The pauses between checks; the last one repeats. */
  delaysMs?: readonly number[];
  /** The timer; tests pass their own to fire it when they choose. */
  schedule?: Schedule;
}

export class AlbumRecheckSchedule {
  /** Albums waiting for another check: how many were tried, and the pending timer's cancel. */
  private readonly albums = new Map<string, { attempt: number; cancel?: () => void }>();
  private closed = false;

  constructor(private readonly options: AlbumRecheckOptions) {}

  /** The album's check failed (again): check it after the next pause, unless its day of tries is over. */
  checkLater(albumId: string): void {
    if (this.closed) return;
    const entry = this.albums.get(albumId) ?? { attempt: 0 };
    entry.cancel?.();
    entry.cancel = undefined;
    if (entry.attempt >= RECHECK_LIMIT) return void this.albums.delete(albumId);
    const delays = this.options.delaysMs ?? RECHECK_DELAYS_MS;
    const delay = delays[Math.min(entry.attempt, delays.length - 1)]!;
    entry.attempt += 1;
    entry.cancel = (this.options.schedule ?? timerSchedule)(() => {
      entry.cancel = undefined;
      if (!this.closed) this.options.recheck(albumId);
    }, delay);
    this.albums.set(albumId, entry);
  }

  /** The album passed its check or needs none any more: no pending check, and a later failure starts the schedule over. */
  stop(albumId: string): void {
    this.albums.get(albumId)?.cancel?.();
    this.albums.delete(albumId);
  }

  /** True while a check of this album is scheduled. */
  isScheduled(albumId: string): boolean {
    return this.albums.get(albumId)?.cancel !== undefined;
  }

  close(): void {
    this.closed = true;
    for (const entry of this.albums.values()) entry.cancel?.();
    this.albums.clear();
  }
}
