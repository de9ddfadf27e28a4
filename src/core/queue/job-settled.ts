// Which jobs the engine can still act on by itself, and which are history. A settled job moves from
// the journal's active log to its archive: nothing the engine does on its own (resume, retry,
// sweep, an album's check) ever looks for it again, only a person pointing at it in the history.
import { retryKindOf } from '../../shared/retry-kind';
import type { AlbumRecord, JobRecord } from './job-record';

/** An album that is revoked, expired or deleted takes no photos and is never checked again. */
function albumClosed(album: AlbumRecord | undefined): boolean {
  return album !== undefined && (album.status === 'revoked' || album.status === 'expired' || album.status === 'deleted');
}

export function isSettled(job: JobRecord, albums: ReadonlyMap<string, AlbumRecord>): boolean {
  if (job.albumId) {
    const album = albums.get(job.albumId);
    // The members of an open album are what its check counts and what closing it closes.
    if (!albumClosed(album)) return false;
    return true;
  }
  switch (job.status) {
    case 'pending':
      return false;
    case 'failed':
      // resume and the automatic retry reopen these; sharing the photo again supersedes them
      return !(job.error && retryKindOf(job.error.code) !== undefined);
    case 'live':
      // the sweep closes it when its expiry comes
      return !job.options.expiresAt;
    default:
      return true;
  }
}
