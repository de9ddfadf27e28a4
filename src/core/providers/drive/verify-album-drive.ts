// Google Drive's album check. The folder page cannot be read for names (they sit in a hex-escaped
// script string, only the first 50, and only for browsers Google recognises), so the proof is:
//   1. the folder's permissions, as the API reports them: an "anyone with the link" reader, not
//      discoverable, and nothing broader;
//   2. every photo is inside that folder (files.list by parent: one call per 1,000 photos), with the
//      sha256 Drive computed for it;
//   3. each photo downloads anonymously, byte-exact, by gdown's route (anonymous-download.ts): a
//      photo has no permission of its own, so it reaches a stranger only through the folder's.
// Cost per photo: its bytes downloaded once and hashed as they arrive, at most
// ALBUM_CHECK_CONCURRENCY photos at a time; memory holds a few chunks per download. Photos an
// earlier check proved (a live album that photos join) are not downloaded again.
import pLimit from 'p-limit';
import { anonymousGet } from '../../links/anonymous-get';
import { looksLikeSignIn } from '../../links/link-probe';
import { ALBUM_CHECK_CONCURRENCY, albumNotVerified, describeMembers, hashStream, isTransientStatus, matches, type AlbumMember } from '../../links/verify-album';
import type { HttpFetch } from '../../net/http-fetch';
import type { LinkInfo } from '../provider';
import type { DriveCall } from './drive-caller';
import { driveIdFromUrl } from './drive-endpoints';
import { openAnonymousDownload } from './anonymous-download';

export interface DriveAlbumCheck {
  call: DriveCall;
  fetch: HttpFetch;
}

export async function verifyAlbumOnDrive(deps: DriveAlbumCheck, link: LinkInfo, members: readonly AlbumMember[], signal?: AbortSignal): Promise<void> {
  const folderId = driveIdFromUrl(link.url);
  if (!folderId) throw albumNotVerified(`${link.url} is not a Google Drive folder link`, false);
  await checkFolderPermission(deps, folderId);
  await checkMembership(deps, folderId, members);
  // The page a recipient opens must not send them to a sign-in; what it shows is not read. (The
  // anonymous fetch speaks as a phone's browser: Drive serves its pages only to browsers it knows.)
  const page = anonymousGet(deps.fetch, link.url, signal);
  page.catch(() => undefined);
  try {
    // Photos an earlier check proved are not downloaded again (their id, size and sha256 were just
    // checked in the folder); one of them stands in when none is new, so the route is still proven.
    const fresh = members.filter((m) => !m.proven);
    const downloads = fresh.length > 0 ? fresh : members.slice(0, 1);
    const limit = pLimit(ALBUM_CHECK_CONCURRENCY);
    await Promise.all(
      downloads.map((member) =>
        limit(() => {
          signal?.throwIfAborted();
          return checkDownload(deps, member, signal);
        }),
      ),
    ).catch((error: unknown) => {
      limit.clearQueue(); // the first failure decides: photos not yet started are not downloaded
      throw error;
    });
  } catch (error) {
    void page.then((p) => p.response.body?.resume?.(), () => undefined); // not needed after all
    throw error;
  }
  const { response, finalUrl } = await page;
  response.body?.resume?.();
  if (response.status !== 200 || looksLikeSignIn(finalUrl)) {
    throw albumNotVerified(looksLikeSignIn(finalUrl) ? 'its page asks strangers to sign in' : `its page does not open for strangers (HTTP ${response.status})`, looksLikeSignIn(finalUrl) || isTransientStatus(response.status));
  }
}

async function checkFolderPermission(deps: DriveAlbumCheck, folderId: string): Promise<void> {
  const res = await deps.call('check the album’s link', (drive, opts) =>
    drive.permissions.list({ fileId: folderId, fields: 'permissions(id,type,role,allowFileDiscovery)' }, opts),
  );
  const anyone = (res.data.permissions ?? []).filter((p) => p.type === 'anyone');
  if (!anyone.some((p) => p.role === 'reader')) {
    throw albumNotVerified('Google Drive reports that the album’s folder is not shared with anyone who has the link', false);
  }
  const broader = anyone.find((p) => p.role !== 'reader' || p.allowFileDiscovery === true);
  if (broader) {
    throw albumNotVerified(`Google Drive reports that anyone can ${broader.role === 'reader' ? 'find' : `be ${broader.role} of`} the album’s folder, not just view it by its link`, false);
  }
}

async function checkMembership(deps: DriveAlbumCheck, folderId: string, members: readonly AlbumMember[]): Promise<void> {
  const inFolder = new Map<string, { sha256?: string; size?: number }>();
  let pageToken: string | undefined;
  do {
    const res = await deps.call('list the album’s photos', (drive, opts) =>
      drive.files.list(
        { q: `'${folderId.replace(/['\\]/g, '\\$&')}' in parents and trashed = false`, spaces: 'drive', pageSize: 1000, fields: 'nextPageToken,files(id,size,sha256Checksum)', ...(pageToken ? { pageToken } : {}) },
        opts,
      ),
    );
    for (const file of res.data.files ?? []) {
      if (file.id) inFolder.set(file.id, { sha256: file.sha256Checksum ?? undefined, size: file.size === undefined || file.size === null ? undefined : Number(file.size) });
    }
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
  const missing = members.filter((m) => !m.id || !inFolder.has(m.id));
  if (missing.length > 0) throw albumNotVerified(`the album’s folder no longer holds ${describeMembers(missing, members.length)}`, false);
  const different = members.filter((m) => {
    const stored = inFolder.get(m.id!)!;
    return (stored.sha256 !== undefined && stored.sha256 !== m.sha256) || (stored.size !== undefined && stored.size !== m.size);
  });
  if (different.length > 0) throw albumNotVerified(`Google Drive holds different bytes for ${describeMembers(different, members.length)}`, false);
}

async function checkDownload(deps: DriveAlbumCheck, member: AlbumMember, signal?: AbortSignal): Promise<void> {
  const { response } = await openAnonymousDownload(deps.fetch, member.id!, member.name, signal);
  const body = response.body as unknown as AsyncIterable<Buffer> & { destroy?: () => void };
  const got = await hashStream(body, member.size);
  body.destroy?.();
  if (!matches(member, got)) throw albumNotVerified(`${member.name} downloads as different bytes from the photo DM Drop uploaded`, false);
}
