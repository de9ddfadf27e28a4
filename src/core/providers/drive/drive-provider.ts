// Google Drive behind the Provider port, with the drive.file scope only: photos go into an app
// folder found again by appProperties (never by name), links are an "anyone with the link,
// reader, not discoverable" permission, and revoking deletes that permission.
import type { drive_v3 } from 'googleapis/build/src/apis/drive/index.js';
import { createHash } from 'node:crypto';
import { DmDropError } from '../../../shared/errors';
import { progressStream } from '../../net/progress-stream';
import type { LinkInfo, RemoteAlbum, RemoteFile, UploadRequest } from '../provider';
import type { ProviderCore } from '../provider-descriptor';
import { driveDownloadUrl } from './anonymous-download';
import { createDriveCaller, type DriveCallerOptions } from './drive-caller';
import { createDriveAnonymousFetch, driveIdFromUrl } from './drive-endpoints';
import { anyoneRefusal, statusOf } from './drive-errors';
import { resumableUpload } from './resumable-upload';
import { verifyAlbumOnDrive } from './verify-album-drive';

export interface DriveProviderOptions extends DriveCallerOptions {
  /** Name of the app folder created on first use (found again by its appProperties). */
  folderName: string;
  /** Also move the file to the bin when its link is revoked. */
  trashOnRevoke?: boolean;
  /** Files larger than this use a resumable upload (Google positions multipart up to 5 MB). */
  resumableThreshold?: number;
  chunkSize?: number;
}

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
const FILE_FIELDS = 'id,name,size,md5Checksum,mimeType';
const ROLE = { key: 'dmdropRole', appFolder: 'app-folder' };
const ALBUM_KEY = 'dmdropAlbum';
/** `parentRef/name`: the parent is a folder id, or `app` for the app folder. */
const APP_FOLDER_REF = 'app';

export function createDriveProvider(options: DriveProviderOptions): ProviderCore {
  const { call, auth, endpoints } = createDriveCaller(options);
  const threshold = options.resumableThreshold ?? 5 * 1024 * 1024;
  const chunkSize = options.chunkSize ?? 8 * 1024 * 1024;
  let appFolder: Promise<string> | undefined;
  const anonymousFetch = createDriveAnonymousFetch(options.endpoint);

  async function findFolder(key: string, value: string): Promise<string | undefined> {
    const q = `appProperties has { key='${key}' and value='${quote(value)}' } and mimeType = '${FOLDER_MIME}' and trashed = false`;
    const res = await call('find DM Drop’s folder', (drive, opts) => drive.files.list({ q, spaces: 'drive', fields: 'files(id,name)', pageSize: 10 }, opts));
    return res.data.files?.[0]?.id ?? undefined;
  }

  async function createFolder(name: string, parent: string | undefined, key: string, value: string): Promise<drive_v3.Schema$File> {
    // Found first on every attempt: a folder created by a request whose answer was lost is reused.
    return call('create a folder', async (drive, opts, attempt) => {
      if (attempt > 1) {
        const id = await findFolder(key, value);
        if (id) return { id, name };
      }
      const requestBody: drive_v3.Schema$File = { name, mimeType: FOLDER_MIME, appProperties: { [key]: value }, ...(parent ? { parents: [parent] } : {}) };
      return (await drive.files.create({ requestBody, fields: 'id,name' }, opts)).data;
    });
  }

  function resolveAppFolder(): Promise<string> {
    appFolder ??= (async () => (await findFolder(ROLE.key, ROLE.appFolder)) ?? (await createFolder(options.folderName, undefined, ROLE.key, ROLE.appFolder)).id!)();
    appFolder.catch(() => (appFolder = undefined));
    return appFolder;
  }

  const parentOf = async (remotePath: string) => {
    const ref = remotePath.slice(0, remotePath.indexOf('/'));
    return ref === APP_FOLDER_REF ? resolveAppFolder() : ref;
  };
  const nameOf = (remotePath: string) => remotePath.slice(remotePath.indexOf('/') + 1);

  const toRemote = (remotePath: string, file: drive_v3.Schema$File): RemoteFile => ({
    path: `${remotePath.slice(0, remotePath.indexOf('/'))}/${file.name ?? nameOf(remotePath)}`,
    id: file.id ?? undefined,
    size: Number(file.size ?? 0),
    contentHash: file.md5Checksum ?? undefined,
  });

  async function findFile(remotePath: string, data: Buffer): Promise<RemoteFile | undefined> {
    const parent = await parentOf(remotePath);
    const q = `name = '${quote(nameOf(remotePath))}' and '${quote(parent)}' in parents and trashed = false`;
    const res = await call('check for an earlier upload', (drive, opts) => drive.files.list({ q, spaces: 'drive', fields: `files(${FILE_FIELDS})`, pageSize: 10 }, opts));
    const md5 = createHash('md5').update(data).digest('hex');
    const match = res.data.files?.find((f) => f.md5Checksum === md5 && Number(f.size) === data.length);
    return match ? toRemote(remotePath, match) : undefined;
  }

  return {
    anonymousFetch,
    // uc?export=view shows the photo itself to a stranger; the /view page is Drive's viewer around it.
    defaultLinkOpens: 'photo',

    remotePathFor(fileName, album) {
      return `${album?.path ?? APP_FOLDER_REF}/${fileName}`;
    },

    findExisting: findFile,

    async upload(request: UploadRequest) {
      const parent = await parentOf(request.remotePath);
      const metadata = { name: nameOf(request.remotePath), parents: [parent], mimeType: request.mime };
      let file: drive_v3.Schema$File;
      if (request.data.length > threshold) {
        file = await resumableUpload({
          auth,
          rootUrl: endpoints.rootUrl,
          metadata,
          fields: FILE_FIELDS,
          data: request.data,
          mime: request.mime,
          chunkSize,
          clock: options.clock,
          random: options.random,
          retry: options.retry,
          onProgress: request.onProgress,
        });
      } else {
        file = await call('upload the photo', async (drive, opts, attempt) => {
          // An earlier attempt's answer may have been lost after Drive stored the file: never upload twice.
          if (attempt > 1) {
            const existing = await findFile(request.remotePath, request.data);
            if (existing) return { id: existing.id, name: nameOf(existing.path), size: String(existing.size), md5Checksum: existing.contentHash };
          }
          const media = { mimeType: request.mime, body: progressStream(request.data, request.onProgress) };
          return (await drive.files.create({ requestBody: metadata, media, fields: FILE_FIELDS }, opts)).data;
        });
      }
      const remote = toRemote(request.remotePath, file);
      if (remote.contentHash && remote.contentHash !== createHash('md5').update(request.data).digest('hex')) {
        throw new DmDropError('UPLOAD_FAILED', 'Google Drive stored different bytes from the ones DM Drop sent; the upload will be retried.', { retryable: true });
      }
      return remote;
    },

    async createAlbum(name, key) {
      const existing = await findFolder(ALBUM_KEY, key);
      const folder = existing ? { id: existing, name } : await createFolder(name, await resolveAppFolder(), ALBUM_KEY, key);
      return { name: folder.name ?? name, path: folder.id!, id: folder.id! };
    },

    async createLink(target, linkOptions = {}) {
      // Drive cannot expire an `anyone` permission (expirationTime is for users and groups): the
      // engine enforces expiry by revoking on time.
      if (linkOptions.password) throw drivePasswordUnavailable();
      const fileId = target.id;
      if (!fileId) throw new DmDropError('SHARE_FAILED', 'DM Drop does not know this Drive file’s id, so it cannot share it.');
      const permission = await call('create a view-only link', (drive, opts) =>
        drive.permissions.create({ fileId, requestBody: { role: 'reader', type: 'anyone', allowFileDiscovery: false }, fields: 'id,type,role,allowFileDiscovery' }, opts),
      ).catch((error: unknown) => {
        throw anyoneRefusal(error) ?? error;
      });
      const meta = await call('read the link', (drive, opts) => drive.files.get({ fileId, fields: 'id,mimeType,webViewLink,webContentLink' }, opts));
      const p = permission.data;
      const isFolder = meta.data.mimeType === FOLDER_MIME;
      const url = meta.data.webViewLink;
      if (!url) throw new DmDropError('SHARE_FAILED', 'Google Drive did not return a link for the file.');
      return {
        url,
        directUrl: isFolder ? url : (meta.data.webContentLink ?? driveDownloadUrl(fileId)),
        ...(isFolder ? {} : { photoUrl: viewUrl(fileId) }),
        access: p.role === 'reader' ? 'viewer' : (p.role ?? 'unknown'),
        audience: p.type === 'anyone' && p.allowFileDiscovery !== true ? 'public' : `${p.type ?? 'unknown'}${p.allowFileDiscovery ? ' (discoverable)' : ''}`,
      } satisfies LinkInfo;
    },

    verifyAlbum(link, members, signal) {
      return verifyAlbumOnDrive({ call, fetch: anonymousFetch }, link, members, signal);
    },
    probeFor(url) {
      // A file's content is its anonymous download; a folder has none, so its page must not open
      // (a revoked one detours to Google's sign-in).
      const fileId = driveIdFromUrl(url);
      if (!fileId || /\/drive\/(?:u\/\d+\/)?folders\//.test(url)) return { url, expects: 'page' };
      return { url: driveDownloadUrl(fileId), expects: 'bytes' };
    },

    memberDirectUrl(file: RemoteFile) {
      return file.id ? driveDownloadUrl(file.id) : undefined;
    },

    async deleteFile(target) {
      if (!target.id) return;
      try {
        await call('delete the file', (drive, opts) => drive.files.delete({ fileId: target.id! }, opts));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },

    async revoke(url) {
      const fileId = driveIdFromUrl(url);
      if (!fileId) throw new DmDropError('LINK_NOT_FOUND', `${url} is not a Google Drive link.`);
      let permissions: drive_v3.Schema$Permission[];
      try {
        const res = await call('look up the link', (drive, opts) => drive.permissions.list({ fileId, fields: 'permissions(id,type)' }, opts));
        permissions = res.data.permissions ?? [];
      } catch (error) {
        if (isNotFound(error)) return; // the file itself is gone: nothing is shared
        throw error;
      }
      for (const permission of permissions.filter((p) => p.type === 'anyone')) {
        try {
          await call('revoke the link', (drive, opts) => drive.permissions.delete({ fileId, permissionId: permission.id! }, opts));
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
      if (options.trashOnRevoke) {
        await call('move the file to the bin', (drive, opts) => drive.files.update({ fileId, requestBody: { trashed: true } }, opts));
      }
    },
  };
}

/** Shows a Drive file inline to anyone the file is shared with (here: anyone with the link). */
function viewUrl(fileId: string): string {
  return `https://drive.google.com/uc?export=view&id=${fileId}`;
}

/** A call failed because the file (or permission) is not there. */
function isNotFound(error: unknown): boolean {
  return statusOf((error as DmDropError).cause) === 404;
}

/** A value inside a Drive query's single quotes. */
function quote(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

export type { RemoteAlbum };

/** Drive permissions have no password at all: never fall back to an open link when one was asked for. */
export function drivePasswordUnavailable(): DmDropError {
  return new DmDropError(
    'PASSWORD_LINKS_UNAVAILABLE',
    'Google Drive cannot put a password on a link that anyone can open (its sharing has no passwords), so DM Drop made no link. Share without a password, or use a paid Dropbox account.',
  );
}
