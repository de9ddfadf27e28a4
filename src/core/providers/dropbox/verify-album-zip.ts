// Dropbox's album check, by the route Dropbox gives strangers for a whole folder: the folder link
// with dl=1 answers with a redirect to its download host, which serves the folder as one ZIP
// (docs/contracts/dropbox.md "Albums"). Every photo must be in it, byte for byte. The folder page
// (dl=0) is a JavaScript application whose HTML names no photo, so it proves nothing.
//
// Cost per photo: its bytes downloaded once (inside the ZIP), written once to a temporary file
// and read back once through sha256. Memory holds a few chunks, never the album. The ZIP is read
// from its central directory (yauzl): entries written with data descriptors (sizes after the data,
// as a streaming ZIP writer does) cannot be delimited safely while streaming, because the
// signature a streaming reader scans for can occur inside a photo's bytes.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DmDropError } from '../../../shared/errors';
import { anonymousGet } from '../../links/anonymous-get';
import { looksLikeSignIn } from '../../links/link-probe';
import { albumNotVerified, describeMembers, hashStream, isTransientStatus, matches, type AlbumMember } from '../../links/verify-album';
import type { HttpFetch } from '../../net/http-fetch';
import type { LinkInfo } from '../provider';

/**
 * What Dropbox zips (files.stone, download_zip): under 20 GB, fewer than 10,000 entries including
 * the top folder. The shared-link ZIP is assumed to be made the same way.
 */
export const FOLDER_ZIP_LIMITS = { entries: 10_000, bytes: 20 * 1024 ** 3 };

export async function verifyAlbumByZip(fetch: HttpFetch, link: LinkInfo, members: readonly AlbumMember[], signal?: AbortSignal): Promise<void> {
  const total = members.reduce((sum, m) => sum + m.size, 0);
  if (members.length + 1 >= FOLDER_ZIP_LIMITS.entries || total >= FOLDER_ZIP_LIMITS.bytes) {
    throw albumNotVerified(
      `Dropbox serves a folder to strangers as one ZIP only below ${FOLDER_ZIP_LIMITS.entries.toLocaleString('en')} files and 20 GB, and this album has ${members.length} photos (${Math.ceil(total / 1024 ** 2)} MB)`,
      false,
    );
  }
  const { response, finalUrl } = await anonymousGet(fetch, folderZipUrl(link.url), signal);
  if (response.status !== 200 || looksLikeSignIn(finalUrl)) {
    response.body?.resume?.();
    const signIn = looksLikeSignIn(finalUrl) || response.status === 401 || response.status === 403;
    throw albumNotVerified(signIn ? 'strangers are asked to sign in, so the album is not public' : `it does not open for strangers (HTTP ${response.status})`, !signIn && isTransientStatus(response.status));
  }
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!type.includes('zip') && !type.includes('octet-stream')) {
    // An HTML answer to dl=1 is an error or interstitial page, not the album.
    response.body?.resume?.();
    throw albumNotVerified(`Dropbox answered with a web page (${type || 'no type'}) instead of the album's photos`, true);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dmdrop-album-'));
  try {
    const file = join(dir, 'album.zip');
    try {
      await pipeline(response.body as unknown as Readable, createWriteStream(file), { signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw albumNotVerified(`the download of the album broke off (${(error as Error).message})`, true);
    }
    await checkMembers(file, members, signal);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkMembers(file: string, members: readonly AlbumMember[], signal?: AbortSignal): Promise<void> {
  let zip: ZipFile;
  try {
    // decodeStrings off: Dropbox's ZIPs may start with a "/" entry, which yauzl rejects as an
    // absolute path when it decodes names itself (libarchive/libarchive#982).
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, autoClose: false });
  } catch (error) {
    throw albumNotVerified(`what Dropbox served is not a readable ZIP (${(error as Error).message})`, true);
  }
  const byName = new Map(members.map((m) => [nameKey(m.name), m]));
  const byLowerName = new Map(members.map((m) => [nameKey(m.name).toLowerCase(), m]));
  const proven = new Set<AlbumMember>();
  const different: AlbumMember[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      signal?.throwIfAborted();
      const member = memberOf(entry, byName, byLowerName);
      if (!member || proven.has(member)) continue;
      let got: { sha256: string; size: number };
      try {
        const stream = await zip.openReadStreamPromise(entry);
        got = await hashStream(stream, member.size);
        stream.destroy();
      } catch (error) {
        throw albumNotVerified(`the album's ZIP is damaged at ${member.name} (${(error as Error).message})`, true);
      }
      if (matches(member, got)) proven.add(member);
      else different.push(member);
      if (proven.size === members.length) break; // every photo proven: the rest of the ZIP is not read
    }
  } catch (error) {
    if (error instanceof DmDropError || signal?.aborted) throw error;
    throw albumNotVerified(`the album's ZIP could not be read (${(error as Error).message})`, true);
  } finally {
    zip.close();
  }
  if (different.length > 0) {
    throw albumNotVerified(`it serves different bytes for ${describeMembers(different, members.length)}`, false);
  }
  const missing = members.filter((m) => !proven.has(m));
  if (missing.length > 0) {
    // A photo saved a moment ago can be missing from the folder's ZIP for a short while.
    throw albumNotVerified(`its ZIP does not contain ${describeMembers(missing, members.length)}`, true);
  }
}

const nameKey = (name: string) => name.normalize('NFC');

/**
 * The album photo an entry holds. Entries are named relative to the shared folder, sometimes
 * after a lone "/" entry, sometimes (like download_zip) under the folder's own name; names are
 * UTF-8 whether or not the entry says so.
 */
function memberOf(entry: Entry, byName: Map<string, AlbumMember>, byLowerName: Map<string, AlbumMember>): AlbumMember | undefined {
  const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
  const decoded = new Set<string>([yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false)]);
  try {
    decoded.add(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    // not UTF-8: the decoding above is all there is
  }
  for (const name of decoded) {
    const path = name.replace(/^\/+/, '');
    if (!path || path.endsWith('/')) continue; // a folder entry
    const candidates = [path, path.slice(path.indexOf('/') + 1)].map(nameKey);
    for (const candidate of candidates) {
      const member = byName.get(candidate) ?? byLowerName.get(candidate.toLowerCase());
      if (member) return member;
    }
  }
  return undefined;
}

/** The same link asking for the download rather than the page (the rlkey, which grants access, kept). */
export function folderZipUrl(url: string): string {
  if (/[?&](?:dl|raw)=[01]/.test(url)) return url.replace(/([?&])(?:dl|raw)=[01]/, '$1dl=1');
  return url + (url.includes('?') ? '&' : '?') + 'dl=1';
}
