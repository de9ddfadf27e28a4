// What a stranger gets for a folder (album) link, as the real Dropbox serves it:
// - dl=0: the folder page is a JavaScript application. Its HTML names no file; the listing comes
//   from an XHR (list_shared_link_folder_entries, CSRF cookie, paged with a voucher), and at most a
//   first page of entries sits in an escaped JSON blob for the app to start from.
// - dl=1: a redirect to the download host's zip_download_get/<token>, which serves the whole folder
//   as one ZIP (application/zip, attachment "<folder>.zip"), entries named relative to the folder.
// Where the ZIP's exact shape is unknown (a lone "/" entry, data descriptors, compression, a
// folder prefix) each plausible answer is an option; variants.ts names them.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Zip, ZipDeflate, ZipPassThrough, zipSync, type Zippable } from 'fflate';
import type { DropboxStore, SharedLink, StoredFile } from './store';
import { randomId } from './wire';

export interface FolderLinkOptions {
  /** The first page of entries in an escaped JSON blob (true, the real page) or no names at all. */
  preloadFirstPage?: boolean;
  zip?: FolderZipShape;
}

export interface FolderZipShape {
  /** JPEGs barely shrink, so a ZIP writer may store them; or it deflates everything. */
  compression?: 'store' | 'deflate';
  /** Sizes after the data (a ZIP written as it streams) rather than in each local header. */
  dataDescriptors?: boolean;
  /** A lone "/" directory entry first (libarchive/libarchive#982, seen on Dropbox's folder ZIPs). */
  rootEntry?: boolean;
  /** Entries under the folder's own name (as files/download_zip does) instead of at the top. */
  folderPrefix?: boolean;
}

/** The real shape as far as sources tell: a "/" entry, streamed (descriptors), deflated. */
export const DEFAULT_ZIP_SHAPE: Required<FolderZipShape> = { compression: 'deflate', dataDescriptors: true, rootEntry: true, folderPrefix: false };

/** files.stone, download_zip: fewer than 10,000 entries including the top folder, under 20 GB. */
const ZIP_LIMITS = { entries: 10_000, bytes: 20 * 1024 ** 3 };
const FIRST_PAGE = 30;

export interface FolderLinkContext {
  store: DropboxStore;
  options: FolderLinkOptions;
  downloadBase: () => string;
  /** The bytes a stranger receives for a file (misbehaviours applied). */
  bytesOf: (file: StoredFile) => Buffer;
  throttle: (res: ServerResponse, data: Buffer) => void;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A folder link opened by a stranger (the link already checked: open, right rlkey). */
export function serveFolderLink(url: URL, res: ServerResponse, link: SharedLink, ctx: FolderLinkContext): void {
  const name = folderName(ctx.store, link);
  if (url.searchParams.get('dl') === '1' || url.searchParams.get('raw') === '1') {
    const token = randomId(40);
    ctx.store.downloadTokens.set(token, { linkId: link.linkId, pathLower: link.pathLower });
    const downloadId = Array.from({ length: 60 }, () => Math.floor(Math.random() * 10)).join('');
    res.writeHead(302, { location: `${ctx.downloadBase()}/zip_download_get/${token}?_download_id=${downloadId}&_log_download_success=1&_notify_domain=www.dropbox.com&dl=1` }).end();
    return;
  }
  const files = ctx.store.linkedFiles(link);
  // The app's bootstrap: entries as JSON, that JSON as a JS string literal (quotes, <, >, & and
  // non-ASCII escaped), so no name appears as written anywhere in the HTML.
  const preload = ctx.options.preloadFirstPage === false
    ? ''
    : `<script nonce="${randomId(12)}">window["__REGISTER_SHARED_LINK_FOLDER_PRELOAD_HANDLER"].responseReceived(${jsString(
        JSON.stringify({
          entries: files.slice(0, FIRST_PAGE).map((f) => ({ filename: f.pathDisplay.split('/').pop(), bytes: f.data.length, is_dir: false })),
          has_more_entries: files.length > FIRST_PAGE,
          next_request_voucher: files.length > FIRST_PAGE ? randomId(32) : null,
        }),
      )})</script>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `__Host-js_csrf=${randomId(24)}; Path=/; Secure; SameSite=None` });
  res.end(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Dropbox - ${escapeHtml(name)}</title>` +
      `<link rel="stylesheet" href="https://cfl.dropboxstatic.com/static/css/scl.css"></head>` +
      `<body><div id="embedded-app" class="scl-folder-root"><noscript>You need to enable JavaScript to view this folder.</noscript></div>` +
      `<script src="https://cfl.dropboxstatic.com/static/js/scl_folder.js"></script>${preload}</body></html>`,
  );
}

/** `/zip_download_get/<token>` on the download host: the folder as one ZIP. */
export function serveFolderZip(url: URL, res: ServerResponse, ctx: FolderLinkContext & { usable: (link: SharedLink) => boolean; notFound: () => void }): boolean {
  const match = /^\/zip_download_get\/([^/]+)$/.exec(url.pathname);
  if (!match) return false;
  const target = ctx.store.downloadTokens.get(match[1]!);
  const link = target && ctx.store.links.get(target.linkId);
  if (!link || link.kind !== 'folder' || !ctx.usable(link)) return ctx.notFound(), true;
  const files = ctx.store.linkedFiles(link);
  const total = files.reduce((sum, f) => sum + f.data.length, 0);
  if (files.length + 1 >= ZIP_LIMITS.entries || total >= ZIP_LIMITS.bytes) {
    // What the real host answers here is not documented; an HTML error page is the plausible one.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>Dropbox - Error</title></head><body><h1>This folder is too large to download.</h1></body></html>');
    return true;
  }
  const name = folderName(ctx.store, link);
  const zip = folderZip(name, files.map((f) => ({ name: f.pathDisplay.split('/').pop()!, data: ctx.bytesOf(f) })), { ...DEFAULT_ZIP_SHAPE, ...ctx.options.zip });
  // Streamed as it is made: no Content-Length.
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}.zip"; filename*=UTF-8''${encodeURIComponent(name)}.zip`,
    'x-dropbox-request-id': createHash('sha1').update(match[1]!).digest('hex').slice(0, 32),
  });
  ctx.throttle(res, zip);
  return true;
}

export function folderZip(folder: string, entries: { name: string; data: Buffer }[], shape: Required<FolderZipShape>): Buffer {
  const path = (name: string) => (shape.folderPrefix ? `${folder}/${name}` : name);
  const level = shape.compression === 'store' ? 0 : 6;
  if (!shape.dataDescriptors) {
    const files: Zippable = {};
    if (shape.rootEntry) files['/'] = new Uint8Array(0);
    for (const entry of entries) files[path(entry.name)] = [entry.data, { level }];
    return Buffer.from(zipSync(files, { level }));
  }
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const add = (name: string, data: Uint8Array, store: boolean) => {
    const file = store ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    zip.add(file);
    file.push(data, true);
  };
  if (shape.rootEntry) add('/', new Uint8Array(0), true);
  for (const entry of entries) add(path(entry.name), entry.data, shape.compression === 'store');
  zip.end();
  return Buffer.concat(chunks);
}

function folderName(store: DropboxStore, link: SharedLink): string {
  return (store.folders.get(link.pathLower) ?? link.pathLower).split('/').pop() || 'Dropbox';
}

/** A JS string literal as Dropbox's bootstrap writes one: nothing in it reads as HTML. */
function jsString(text: string): string {
  return `"${text.replace(/[\\"'<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
