// Drive's anonymous pages that public clients have had to cope with, as the real service serves them:
// - the folder page (`/drive/folders/<id>`): a script application; the children appear only in
//   `window['_DRIVE_ivd']`, a JS string whose every UTF-8 byte outside [A-Za-z0-9 _-] is written \xNN,
//   and only the first 50 (gdown before dda064d: _parse_google_drive_file, MAX_NUMBER_FILES = 50);
// - a browser Google does not recognise gets an "Update your browser" page instead (gdown sends a
//   Chrome user agent for this reason; BrowserWorks/waterfox#2189, Feodor2/Mypal68#174);
// - a download too large for Google's virus scan first gets a warning page whose form
//   (id="download-form": id, export, confirm, uuid) leads to the bytes (gdown's download.py).
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { DriveFile } from './store';

export interface DrivePageOptions {
  /** What a user agent Drive does not recognise gets: the "update your browser" page (real), a redirect to the help page, or the folder page anyway. */
  unsupportedBrowser?: 'page' | 'redirect' | 'serve';
  /** Whether the browser check comes before the access check (then even a private folder answers 200). */
  browserCheckFirst?: boolean;
  /** Children listed in the page's script (50 on the real page). */
  firstItems?: number;
  /** Downloads larger than this get the virus-scan warning page first (about 100 MB on the real service). */
  virusScanLimitBytes?: number;
}

export const DEFAULT_PAGE_OPTIONS: Required<DrivePageOptions> = {
  unsupportedBrowser: 'page',
  browserCheckFirst: false,
  firstItems: 50,
  virusScanLimitBytes: 100 * 1024 * 1024,
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res: ServerResponse, title: string, body: string, head = '') =>
  void res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}</head><body>${body}</body></html>`);

/** Chrome, Firefox, Safari and Edge of this decade; anything else is "unsupported". */
export function isRecognisedBrowser(userAgent: string | undefined): boolean {
  if (!userAgent || !/^Mozilla\/5\.0 /.test(userAgent)) return false;
  const version = /(?:Chrome|CriOS|Firefox|FxiOS|Edg|Version)\/(\d+)/.exec(userAgent);
  return Boolean(version && Number(version[1]) >= 15 && /Safari|Firefox|Gecko/.test(userAgent));
}

/** Answers the browser check; true when it answered (the folder page is then not served). */
export function refuseUnsupportedBrowser(res: ServerResponse, userAgent: string | undefined, options: Required<DrivePageOptions>): boolean {
  if (options.unsupportedBrowser === 'serve' || isRecognisedBrowser(userAgent)) return false;
  if (options.unsupportedBrowser === 'redirect') {
    res.writeHead(302, { location: 'https://support.google.com/drive/answer/6283888?p=unsupported_browser' }).end();
    return true;
  }
  page(
    res,
    'Google Drive',
    '<h1>Update your browser to use Google Drive</h1><p>It looks like your browser doesn’t work with Google Drive. To use Google Drive, you’ll need to update to a supported browser.</p>',
  );
  return true;
}

export function serveFolderPage(res: ServerResponse, folder: DriveFile, children: DriveFile[], options: Required<DrivePageOptions>, driveBase: string): void {
  // [[[id, [parent], name, mimeType, …], …], …] as the page's data; only the first items.
  const rows = children.slice(0, options.firstItems).map((c) => [c.id, [folder.id], c.name, c.mimeType, 0, null, 0, 0, 0, Date.parse(c.modifiedTime), 0]);
  const data = JSON.stringify([rows, null, 0]);
  const script = `window['_DRIVE_ivd'] = '${hexEscape(data)}';if (window['_DRIVE_ivdc']) {window['_DRIVE_ivdc']();}`;
  page(
    res,
    `${folder.name} - Google Drive`,
    `<div id="drive_main_page" class="a-Pd"></div><script nonce="${randomUUID().slice(0, 22)}">${script}</script><script src="${driveBase}/_/drive_fe/_/js/k=drive_fe.dataservice_worker.en_US.js"></script>`,
    `<meta property="og:title" content="${escapeHtml(folder.name)}">`,
  );
}

/** True when it answered with the virus-scan warning instead of the bytes. */
export function serveScanWarning(url: URL, res: ServerResponse, file: DriveFile, options: Required<DrivePageOptions>, usercontentBase: string): boolean {
  if (file.data.length <= options.virusScanLimitBytes || url.searchParams.get('confirm')) return false;
  const hidden = { id: file.id, export: 'download', confirm: 't', uuid: randomUUID() };
  const inputs = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  page(
    res,
    'Google Drive - Virus scan warning',
    `<div class="uc-main"><div id="uc-text"><p class="uc-warning-caption">Google Drive can't scan this file for viruses.</p>` +
      `<p class="uc-warning-subcaption"><span class="uc-name-size"><a href="/open?id=${file.id}">${escapeHtml(file.name)}</a> (${Math.round(file.data.length / 1024 / 1024)}M)</span> is too large for Google to scan for viruses. Would you still like to download this file?</p>` +
      `<form id="download-form" action="${usercontentBase}/download" method="get"><input type="submit" id="uc-download-link" class="goog-inline-block jfk-button jfk-button-action" value="Download anyway">${inputs}</form></div></div>`,
  );
  return true;
}

/** Every UTF-8 byte outside [A-Za-z0-9 _-] as \xNN, as the folder page writes its data. */
function hexEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9 _-]/.test(c) ? c : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
