// Dropbox behind the Provider port, on the official SDK: uploads (sessions above a threshold),
// view-only public links (reusing one that already exists), and revocation.
import type { files, sharing } from 'dropbox';
import { DmDropError } from '../../../shared/errors';
import type { RemoteFile, LinkInfo, UploadRequest } from '../provider';
import type { ProviderCore } from '../provider-descriptor';
import { createDropboxCaller, type DropboxCallerOptions } from './dropbox-caller';
import { errorTags, isDropboxFailure, routeErrorTags } from './dropbox-errors';
import { createDropboxFetch } from './dropbox-fetch';
import { dropboxContentHash } from './content-hash';
import { linkAccess, passwordLinksUnavailable, publicLinksForbidden, teamOnlyError } from './link-permissions';
import { uploadInSession } from './upload-session';
import { verifyAlbumByZip } from './verify-album-zip';
import { progressStream } from '../../net/progress-stream';

export interface DropboxProviderOptions extends DropboxCallerOptions {
  /** Folder our files go to, e.g. `/DM Drop`. */
  folder: string;
  /** Files larger than this use an upload session (resumable, chunked). */
  chunkThreshold?: number;
  chunkSize?: number;
}

const PUBLIC_VIEWER: sharing.SharedLinkSettings = {
  audience: { '.tag': 'public' },
  access: { '.tag': 'viewer' },
  requested_visibility: { '.tag': 'public' },
  allow_download: true,
};

export function createDropboxProvider(options: DropboxProviderOptions): ProviderCore {
  const { call } = createDropboxCaller(options);
  const chunkThreshold = options.chunkThreshold ?? 8 * 1024 * 1024;
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  const folder = options.folder.replace(/\/+$/, '');
  const anonymousFetch = createDropboxFetch(options.endpoint);

  const toRemote = (meta: files.FileMetadata): RemoteFile => ({
    path: meta.path_display ?? meta.path_lower ?? '',
    id: meta.id,
    size: meta.size,
    contentHash: meta.content_hash,
  });

  /** The file at a path (never a folder), or undefined when nothing is there. */
  async function fileAt(path: string): Promise<files.FileMetadataReference | undefined> {
    try {
      const meta = await call('check for an earlier upload', (dbx) => dbx.filesGetMetadata({ path }));
      return meta['.tag'] === 'file' ? (meta as files.FileMetadataReference) : undefined;
    } catch (error) {
      if (routeErrorTags(error).includes('not_found')) return undefined;
      throw error;
    }
  }

  async function existingLink(path: string): Promise<sharing.SharedLinkMetadataReference | undefined> {
    const listed = await call('look up the existing link', (dbx) => dbx.sharingListSharedLinks({ path, direct_only: true }));
    return listed.links[0];
  }

  // users/get_current_account's account_type (users_common AccountType: basic | pro | business, in
  // dropbox-sdk-js types/dropbox_types.d.ts `userscommon.AccountType`):
  // a Basic account "can only set RequestedVisibility.public" (sharing.stone ~446–450). Asked once,
  // and only when a password is wanted; an answer that cannot be had leaves it to createLink.
  let plan: Promise<string | undefined> | undefined;
  const accountPlan = () =>
    (plan ??= call('read the account’s plan', (dbx) => dbx.usersGetCurrentAccount()).then(
      (account) => account.account_type['.tag'],
      () => (plan = undefined),
    ));

  return {
    anonymousFetch,
    // raw=1 shows the photo itself; the dl=0 page wraps it in sign-in and sign-up prompts.
    defaultLinkOpens: 'photo',
    passwordLinks: true,
    async checkPasswordLinks() {
      if ((await accountPlan()) === 'basic') throw passwordLinksUnavailable(undefined);
    },

    remotePathFor(fileName, album) {
      return `${album?.path ?? folder}/${fileName}`;
    },

    async createAlbum(name) {
      // Dropbox folders cannot carry our album id, so a clash of names is settled by autorename.
      const created = await call('create the album folder', (dbx) =>
        dbx.filesCreateFolderV2({ path: `${folder}/${dropboxSafeName(name)}`, autorename: true }),
      );
      return { name: created.metadata.name, path: created.metadata.path_display ?? created.metadata.path_lower!, id: created.metadata.id };
    },

    async findExisting(remotePath, data) {
      // At its name, or at the name it takes when another file holds that one (see upload).
      const hash = dropboxContentHash(data);
      for (const path of [remotePath, alternativePath(remotePath, hash)]) {
        const file = await fileAt(path);
        if (file && file.content_hash === hash) return toRemote(file);
      }
      return undefined;
    },

    async upload(request: UploadRequest) {
      // Never autorename: Dropbox would pick "name (1)" now and maybe "name (2)" on a retry whose
      // first answer was lost (identical contents at the target path are no conflict, files.stone
      // WriteMode (c), ~430; nothing says so for the names autorename tries), so a name another
      // file already holds (a kept original name) is settled here, the same way on every retry and
      // resume: the name plus a short hash of the bytes (alternativePath).
      const commit = (path: string): files.CommitInfo => ({ path, mode: { '.tag': 'add' }, autorename: false, mute: true, strict_conflict: false });
      const hash = dropboxContentHash(request.data);
      let meta: files.FileMetadata;
      if (request.data.length > chunkThreshold) {
        // A session's name is fixed before its bytes go (one round trip, on big files only).
        const there = await fileAt(request.remotePath);
        if (there?.content_hash === hash) return toRemote(there);
        const path = there ? alternativePath(request.remotePath, hash) : request.remotePath;
        meta = await uploadInSession({ call, data: request.data, commit: commit(path), chunkSize, onProgress: request.onProgress });
      } else {
        const send = (path: string) =>
          call('upload the photo', (dbx) =>
            // A fresh arg object and stream per attempt: SDK 10.34 deletes `contents` from its argument.
            dbx.filesUpload({ ...commit(path), contents: progressStream(request.data, request.onProgress) }),
          );
        try {
          meta = await send(request.remotePath);
        } catch (error) {
          if (!isConflict(error)) throw error;
          meta = await send(alternativePath(request.remotePath, hash));
        }
      }
      const remote = toRemote(meta);
      if (remote.contentHash && remote.contentHash !== hash) {
        throw new DmDropError('UPLOAD_FAILED', 'Dropbox stored different bytes from the ones DM Drop sent; the upload will be retried.', {
          retryable: true,
        });
      }
      return remote;
    },

    async createLink(file, linkOptions = {}) {
      const settings: sharing.SharedLinkSettings = { ...PUBLIC_VIEWER };
      if (linkOptions.expiresAt) settings.expires = linkOptions.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      // sharing.stone SharedLinkSettings.require_password + link_password (~827–831); the
      // deprecated requested_visibility stays `public`, the audience too: the password is on top.
      if (linkOptions.password) Object.assign(settings, { require_password: true, link_password: linkOptions.password });
      const wanted = linkOptions.password ? 'password' : 'public';
      let meta: sharing.SharedLinkMetadataReference;
      let created = true;
      const create = () => call('create a view-only link', (dbx) => dbx.sharingCreateSharedLinkWithSettings({ path: file.path, settings }));
      try {
        try {
          meta = await create();
        } catch (error) {
          // Basic (free) accounts cannot set expiry: DM Drop enforces it itself, so make a plain link.
          const cause = (error as DmDropError).cause;
          if (!settings.expires || !isDropboxFailure(cause) || errorTags(cause).join('/') !== 'settings_error/not_authorized') throw error;
          delete settings.expires;
          meta = await create();
        }
      } catch (error) {
        const cause = (error as DmDropError).cause;
        if (!isDropboxFailure(cause)) throw error;
        const tags = errorTags(cause);
        // Basic accounts "can only set RequestedVisibility.public" (SharedLinkSettingsError.not_authorized, ~446–450).
        if (linkOptions.password && tags.join('/') === 'settings_error/not_authorized') throw passwordLinksUnavailable(cause);
        // A public viewer link without expiry is what any personal account may make: a refusal of
        // that is the team's policy (sharing.stone SharedLinkSettingsError.not_authorized, access_denied).
        if (tags[0] === 'access_denied' || tags.join('/') === 'settings_error/not_authorized') throw publicLinksForbidden(cause);
        if (tags[0] !== 'shared_link_already_exists') throw error;
        const body = cause.error as { error?: { shared_link_already_exists?: { metadata?: sharing.SharedLinkMetadataReference } } };
        const found = body.error?.shared_link_already_exists?.metadata ?? (await existingLink(file.path));
        if (!found) throw error;
        meta = found;
        created = false;
      }
      let link = toLinkInfo(meta);
      if (link.audience === 'team') {
        // Only the team can open it, and nobody has it yet: close it and say which policy is in the way.
        if (created) await call('close a team-only link', (dbx) => dbx.sharingRevokeSharedLink({ url: meta.url })).catch(() => undefined);
        throw teamOnlyError();
      }
      if (link.access !== 'viewer' || link.audience !== wanted) {
        // An older link with other settings (or without the password now asked for, or with one
        // no longer wanted): never hand that out; replace it with the link asked for.
        await call('replace a link with the wrong settings', (dbx) => dbx.sharingRevokeSharedLink({ url: meta.url }));
        link = toLinkInfo(await call('create a view-only link', (dbx) => dbx.sharingCreateSharedLinkWithSettings({ path: file.path, settings })));
        if (link.audience === 'team') throw teamOnlyError();
      }
      return link;
    },

    verifyAlbum(link, members, signal) {
      return verifyAlbumByZip(anonymousFetch, link, members, signal);
    },
    probeFor(url) {
      // dl=1 forces the content: a photo's bytes, a folder's ZIP. A dead link answers anything but
      // that (an HTML error page with 200, a 404, a sign-in page), so "not content" is closed.
      return { url: downloadUrl(url), expects: 'bytes' };
    },

    async deleteFile(target) {
      try {
        await call('delete the file', (dbx) => dbx.filesDeleteV2({ path: target.path }));
      } catch (error) {
        if (routeErrorTags(error).includes('not_found')) return;
        throw error;
      }
    },

    async revoke(url) {
      try {
        await call('revoke the link', (dbx) => dbx.sharingRevokeSharedLink({ url: pageUrl(url) }));
      } catch (error) {
        if (routeErrorTags(error)[0] === 'shared_link_not_found') return;
        throw error;
      }
    },
  };
}

/**
 * The name our bytes take when another file (or a folder) already holds `remotePath`: the same name
 * with the first 8 hex digits of the bytes' content hash, e.g. `IMG_0001 (3f9c2a1b).jpg`. Derived
 * from the bytes, so a retry or a resumed job looks for and writes to the same place.
 */
export function alternativePath(remotePath: string, contentHash: string): string {
  const slash = remotePath.lastIndexOf('/');
  const dot = remotePath.lastIndexOf('.');
  const [stem, ext] = dot > slash + 1 ? [remotePath.slice(0, dot), remotePath.slice(dot)] : [remotePath, ''];
  return `${stem} (${contentHash.slice(0, 8)})${ext}`;
}

/** A write refused because the path holds something else (UploadError.path → WriteError.conflict). */
function isConflict(error: unknown): boolean {
  const [where, what] = routeErrorTags(error);
  return where === 'path' && what === 'conflict';
}

function toLinkInfo(meta: sharing.SharedLinkMetadataReference): LinkInfo {
  return {
    url: meta.url,
    directUrl: directUrl(meta.url),
    ...(meta['.tag'] === 'file' ? { photoUrl: directUrl(meta.url) } : {}),
    ...linkAccess(meta, 'viewer'),
    expiresAt: meta.expires,
  };
}

/** Dropbox refuses these characters in names; an album name keeps its meaning without them. */
export function dropboxSafeName(name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return safe || 'Album';
}

/** `raw=1` renders the bytes inline; the rlkey (which grants access) is kept intact. */
export function directUrl(url: string): string {
  if (/[?&]dl=[01]/.test(url)) return url.replace(/([?&])dl=[01]/, '$1raw=1');
  if (/[?&]raw=1/.test(url)) return url;
  return url + (url.includes('?') ? '&' : '?') + 'raw=1';
}

/** `dl=1`: the file's bytes, or the folder as a ZIP; the rlkey is kept. */
export function downloadUrl(url: string): string {
  const page = pageUrl(url);
  if (/[?&]dl=0/.test(page)) return page.replace(/([?&])dl=0/, '$1dl=1');
  return page + (page.includes('?') ? '&' : '?') + 'dl=1';
}

/** The form Dropbox knows a link by (`dl=0`), whichever variant the user pasted. */
export function pageUrl(url: string): string {
  return url.replace(/([?&])(?:raw=1|dl=1)/, '$1dl=0');
}
