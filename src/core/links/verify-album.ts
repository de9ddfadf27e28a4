// What every provider's album check shares: the photos an album must serve, a bounded way to hash
// what a stranger receives, and the sentences for what went wrong. The route itself (a ZIP of the
// folder, each photo's own download) is the provider's: `Provider.verifyAlbum`.
import { createHash } from 'node:crypto';
import { DmDropError } from '../../shared/errors';

export interface AlbumMember {
  /** The photo's name as stored in the album. */
  name: string;
  sha256: string;
  size: number;
  /** The provider's id of the stored photo (a Drive file id), when it has one. */
  id?: string;
  /** An anonymous URL for the photo's bytes, when the provider has one. */
  directUrl?: string;
  /**
   * Already proven through this link by an earlier check (a live album that photos join). A
   * provider whose route fetches photos one by one may fetch only the others (still checking that
   * this one is in the album, unchanged): a day of screenshots then costs each photo's bytes once.
   */
  proven?: boolean;
}

/** How many photos of one album are fetched at once: enough to hide round trips, never a flood. */
export const ALBUM_CHECK_CONCURRENCY = 4;

/**
 * sha256 and size of a stream, read chunk by chunk (nothing held but the hash). Reading stops
 * once more bytes than expected arrived: they can no longer be the photo.
 */
export async function hashStream(stream: AsyncIterable<Buffer | Uint8Array>, expectedSize: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > expectedSize) break;
    hash.update(chunk);
  }
  return { sha256: hash.digest('hex'), size };
}

export function matches(member: AlbumMember, got: { sha256: string; size: number }): boolean {
  return got.size === member.size && got.sha256 === member.sha256;
}

export function albumNotVerified(reason: string, retryable: boolean): DmDropError {
  return new DmDropError('LINK_NOT_VERIFIED', `The album link could not be verified: ${reason}.`, { retryable });
}

/** "2 of the 60 photos (a.jpg, b.jpg)": which photos a check could not find or prove. */
export function describeMembers(some: readonly AlbumMember[], all: number): string {
  const names = some.slice(0, 3).map((m) => m.name);
  const more = some.length > names.length ? `, and ${some.length - names.length} more` : '';
  return `${some.length} of the ${all} photos (${names.join(', ')}${more})`;
}

/**
 * A status a stranger's GET may not get next time: a link still propagating (404), a request that
 * timed out (408), a rate limit (429), a busy or failing server (5xx). The one rule for checks of
 * single links and of albums alike.
 */
export function isTransientStatus(status: number): boolean {
  return status === 404 || status === 408 || status === 429 || status >= 500;
}
