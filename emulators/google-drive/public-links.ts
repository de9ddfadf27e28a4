// The anonymous side of Drive (contract §7): what a stranger's browser gets. `uc?id=…` answers 303
// to the download host, which serves the bytes; `/file/d/<id>/view` and `/drive/folders/<id>` are
// pages. All of it only while an `anyone` permission exists on the file or a folder above it;
// otherwise a detour to Google's sign-in page. Credentials are never looked at.
import type { ServerResponse } from 'node:http';
import { sendThrottled } from '../throttle';
import { DEFAULT_PAGE_OPTIONS, refuseUnsupportedBrowser, serveFolderPage, serveScanWarning, type DrivePageOptions } from './folder-page';
import { FOLDER_MIME, type DriveStore } from './store';

export interface PublicConfig {
  store: DriveStore;
  /** https://drive.google.com or the emulator's base. */
  driveBase: string;
  usercontentBase: string;
  accountsBase: string;
  bandwidthKbps?: number;
  /** The stranger's User-Agent (the folder page depends on it). */
  userAgent?: string;
  pages?: DrivePageOptions;
  /** A test made every download serve one wrong byte. */
  wrongBytes?: boolean;
  /** A test made only the photo form (export=view) serve one wrong byte. */
  photoWrongBytes?: boolean;
  /** 'page': the photo form answers with the viewer page, not the image. */
  photoForm?: 'photo' | 'page';
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (res: ServerResponse, status: number, title: string, body: string): void =>
  void
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>${escape(title)}</title></head><body>${body}</body></html>`);

/** The public route name for a path, or undefined when it is not one. */
export function publicRouteOf(path: string): string | undefined {
  if (path === '/uc') return 'public.uc';
  if (path === '/download') return 'public.download';
  if (/^\/file\/d\/[^/]+\/view$/.test(path)) return 'public.view';
  if (/^\/drive\/(?:u\/\d+\/)?folders\/[^/]+$/.test(path)) return 'public.folder';
  if (path === '/ServiceLogin' || path === '/v3/signin/identifier') return 'public.signin';
  return undefined;
}

export function servePublic(route: string, url: URL, res: ServerResponse, config: PublicConfig): void {
  const { store } = config;
  if (route === 'public.signin') return html(res, 200, 'Sign in - Google Accounts', '<h1>Sign in</h1><p>to continue to Google Drive</p><form><input type="email" name="identifier"></form>');
  const id = route === 'public.uc' || route === 'public.download' ? (url.searchParams.get('id') ?? '') : url.pathname.split('/').filter(Boolean).at(route === 'public.view' ? 2 : -1)!;
  const file = store.files.get(id);
  if (!file || (route === 'public.folder') !== (file.mimeType === FOLDER_MIME)) {
    return html(res, 404, 'Google Drive - Page Not Found', '<p>Sorry, the file you have requested does not exist.</p>');
  }
  const pages = { ...DEFAULT_PAGE_OPTIONS, ...config.pages };
  if (route === 'public.folder' && pages.browserCheckFirst && refuseUnsupportedBrowser(res, config.userAgent, pages)) return;
  if (!store.servedPublicly(file)) {
    const target = `${config.accountsBase}/ServiceLogin?service=wise&passive=1209600&continue=${encodeURIComponent(config.driveBase + url.pathname + url.search)}`;
    res.writeHead(302, { location: target }).end();
    return;
  }
  const download = `${config.usercontentBase}/download?id=${file.id}&export=download`;
  // `export=view` shows the photo itself in the browser; `export=download` saves it.
  const inline = url.searchParams.get('export') === 'view';
  switch (route) {
    case 'public.uc':
      if (inline && config.photoForm === 'page') {
        return html(res, 200, `${file.name} - Google Drive`, `<h1>${escape(file.name)}</h1><a href="${config.accountsBase}/ServiceLogin">Sign in</a>`);
      }
      res.writeHead(303, { location: inline ? download.replace('export=download', 'export=view') : download }).end();
      return;
    case 'public.download': {
      if (serveScanWarning(url, res, file, pages, config.usercontentBase)) return;
      const data = config.wrongBytes || (inline && config.photoWrongBytes) ? Buffer.concat([file.data.subarray(0, -1), Buffer.from([0x42])]) : file.data;
      res.writeHead(200, {
        'content-type': file.mimeType,
        'content-length': String(data.length),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      });
      sendThrottled(res, data, config.bandwidthKbps);
      return;
    }
    case 'public.view':
      // Drive's viewer around the photo, with its "Sign in" button for logged-out visitors.
      return html(res, 200, `${file.name} - Google Drive`, `<h1>${escape(file.name)}</h1><img alt="${escape(file.name)}" src="${escape(download)}"><a href="${config.accountsBase}/ServiceLogin">Sign in</a>`);
    default:
      if (refuseUnsupportedBrowser(res, config.userAgent, pages)) return;
      return serveFolderPage(res, file, store.children(file.id), pages, config.driveBase);
  }
}
