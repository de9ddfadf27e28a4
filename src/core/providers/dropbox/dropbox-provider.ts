// Dropbox behind the Provider port, on the official SDK: uploads (sessions above a threshold),
// view-only public links (reusing one that already exists), and revocation.
import type { files, sharing } from 'dropbox';
import { DmDropError } from '../../../shared/errors';
import type { Provider, RemoteFile, LinkInfo, UploadRequest } from '../provider';
import { createDropboxCaller, type DropboxCallerOptions } from './dropbox-caller';
import { errorTags, isDropboxFailure } from './dropbox-errors';
import { createDropboxFetch } from './dropbox-fetch';
import { dropboxContentHash } from './content-hash';
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

export function createDropboxProvider(options: DropboxProviderOptions): Provider {
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

  async function existingLink(path: string): Promise<sharing.SharedLinkMetadataReference | undefined> {
    const listed = await call('look up the existing link', (dbx) => dbx.sharingListSharedLinks({ path, direct_only: true }));
    return listed.links[0];
  }

  return {
    id: 'dropbox',
    displayName: 'Dropbox',
    anonymousFetch,

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
      try {
        const meta = await call('check for an earlier upload', (dbx) => dbx.filesGetMetadata({ path: remotePath }));
        if (meta['.tag'] !== 'file') return undefined;
        const file = meta as files.FileMetadataReference;
        return file.content_hash === dropboxContentHash(data) ? toRemote(file) : undefined;
      } catch (error) {
        const cause = (error as DmDropError).cause;
        if (isDropboxFailure(cause) && cause.status === 409 && errorTags(cause).includes('not_found')) return undefined;
        throw error;
      }
    },

    async upload(request: UploadRequest) {
      const total = request.data.length;
      const commit: files.CommitInfo = {
        path: request.remotePath,
        mode: { '.tag': 'add' },
        autorename: true,
        mute: true,
        strict_conflict: false,
      };
      let meta: files.FileMetadata;
      if (total > chunkThreshold) {
        meta = await uploadInSession({ call, data: request.data, commit, chunkSize, onProgress: request.onProgress });
      } else {
        meta = await call('upload the photo', (dbx) =>
          // A fresh arg object and stream per attempt: SDK 10.34 deletes `contents` from its argument.
          dbx.filesUpload({ ...commit, contents: progressStream(request.data, request.onProgress) }),
        );
      }
      const remote = toRemote(meta);
      if (remote.contentHash && remote.contentHash !== dropboxContentHash(request.data)) {
        throw new DmDropError('UPLOAD_FAILED', 'Dropbox stored different bytes from the ones DM Drop sent; the upload will be retried.', {
          retryable: true,
        });
      }
      return remote;
    },

    async createLink(file, linkOptions = {}) {
      const settings: sharing.SharedLinkSettings = { ...PUBLIC_VIEWER };
      if (linkOptions.expiresAt) settings.expires = linkOptions.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      let meta: sharing.SharedLinkMetadataReference;
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
        if (!isDropboxFailure(cause) || errorTags(cause)[0] !== 'shared_link_already_exists') throw error;
        const body = cause.error as { error?: { shared_link_already_exists?: { metadata?: sharing.SharedLinkMetadataReference } } };
        const found = body.error?.shared_link_already_exists?.metadata ?? (await existingLink(file.path));
        if (!found) throw error;
        meta = found;
      }
      const link = toLinkInfo(meta);
      if (link.access !== 'viewer' || link.audience !== 'public') {
        // An older link with other settings: never hand that out; replace it with a view-only one.
        await call('replace a link with the wrong settings', (dbx) => dbx.sharingRevokeSharedLink({ url: meta.url }));
        return toLinkInfo(
          await call('create a view-only link', (dbx) => dbx.sharingCreateSharedLinkWithSettings({ path: file.path, settings })),
        );
      }
      return link;
    },

    verifyAlbum(link, members, signal) {
      return verifyAlbumByZip(anonymousFetch, link, members, signal);
    },

    async deleteFile(target) {
      try {
        await call('delete the file', (dbx) => dbx.filesDeleteV2({ path: target.path }));
      } catch (error) {
        const cause = (error as DmDropError).cause;
        if (isDropboxFailure(cause) && cause.status === 409 && errorTags(cause).includes('not_found')) return;
        throw error;
      }
    },

    async revoke(url) {
      try {
        await call('revoke the link', (dbx) => dbx.sharingRevokeSharedLink({ url: pageUrl(url) }));
      } catch (error) {
        const cause = (error as DmDropError).cause;
        if (isDropboxFailure(cause) && cause.status === 409 && errorTags(cause)[0] === 'shared_link_not_found') return;
        throw error;
      }
    },
  };
}

function toLinkInfo(meta: sharing.SharedLinkMetadataReference): LinkInfo {
  const permissions = meta.link_permissions as sharing.LinkPermissions & {
    effective_audience?: { '.tag': string };
    link_access_level?: { '.tag': string };
  };
  return {
    url: meta.url,
    directUrl: directUrl(meta.url),
    access: permissions?.link_access_level?.['.tag'] ?? 'unknown',
    audience: permissions?.effective_audience?.['.tag'] ?? permissions?.resolved_visibility?.['.tag'] ?? 'unknown',
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

/** The form Dropbox knows a link by (`dl=0`), whichever variant the user pasted. */
export function pageUrl(url: string): string {
  return url.replace(/([?&])(?:raw=1|dl=1)/, '$1dl=0');
}
