// The anonymous side: what a stranger's browser gets for a shared link. dl=0 is a preview page,
// dl=1 and raw=1 redirect to a download host that serves the bytes; revoked, unknown, wrong-rlkey
// and expired links get the dead-link answer the emulator is set to (a 200 HTML page by default),
// team-only links a sign-in detour. No credentials are looked at, ever.
import type { ServerResponse } from 'node:http';
import { serveFolderLink, serveFolderZip, type FolderLinkContext, type FolderLinkOptions } from './folder-link';
import { sendDeadLink, type DeadLinkAnswer } from './link-policy';
import { gatePasswordLink } from './password-gate';
import type { DropboxStore, SharedLink, StoredFile } from './store';
import { randomId } from './wire';

export interface Misbehaviour {
  wrongBytes: Set<string>;
  requireLogin: Set<string>;
  notFound: Set<string>;
  allWrongBytes: boolean;
  /** Only inline downloads (raw=1, the photo form) are wrong. */
  inlineWrongBytes: boolean;
}

export interface PublicLinkConfig {
  store: DropboxStore;
  misbehave: Misbehaviour;
  now: () => number;
  /** Where /cd/ download URLs and the sign-in page live (real-looking hosts or loopback). */
  downloadBase: () => string;
  loginUrl: () => string;
  deadLinks: DeadLinkAnswer;
  throttle: (res: ServerResponse, data: Buffer) => void;
  /** Folder links: the page's shape and the ZIP's (folder-link.ts). */
  folder?: FolderLinkOptions;
  /** Password links this request has unlocked (password-gate.ts). */
  unlocked?: Set<string>;
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };

const html = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Dropbox</title></head><body>${body}</body></html>`);

const SIGN_UP_PROMPT = '<div class="signup-modal"><p>Sign up or sign in to Dropbox to save, comment on and download this file.</p><a href="/register">Sign up</a> <a href="/login">Sign in</a></div>';

const notFound = (res: ServerResponse) => html(res, 404, "<h1>Error (404)</h1><p>We can't find the page you're looking for.</p>");

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function servePublic(url: URL, res: ServerResponse, config: PublicLinkConfig): boolean {
  const { store } = config;
  if (url.pathname === '/login') {
    html(res, 200, '<h1>Sign in to Dropbox</h1><form><input name="email"></form>');
    return true;
  }
  const folder: FolderLinkContext = { store, options: config.folder ?? {}, downloadBase: config.downloadBase, bytesOf: (f) => strangerBytes(f, config), throttle: config.throttle };
  if (serveFolderZip(url, res, { ...folder, usable: (l) => usable(l, config), notFound: () => sendDeadLink(res, config.deadLinks, config.loginUrl()) })) return true;
  const cd = /^\/cd\/0\/(get|inline)\/([^/]+)/.exec(url.pathname);
  if (cd) {
    const target = store.downloadTokens.get(cd[2]!);
    const link = target && store.links.get(target.linkId);
    const file = target && store.files.get(target.pathLower);
    if (!link || !file || !usable(link, config)) return notFound(res), true;
    serveBytes(res, file, cd[1] === 'get', config);
    return true;
  }
  const scl = /^\/scl\/(fi|fo)\/([^/]+)\/([^/]*)$/.exec(url.pathname);
  if (!scl) return false;
  const link = store.links.get(scl[2]!);
  if (link && config.misbehave.notFound.has(link.pathLower)) {
    notFound(res);
    return true;
  }
  if (!link || link.rlkey !== url.searchParams.get('rlkey') || !usable(link, config)) {
    sendDeadLink(res, config.deadLinks, config.loginUrl() + '?cont=' + encodeURIComponent(url.pathname));
    return true;
  }
  if (config.misbehave.requireLogin.has(link.pathLower) || link.audience === 'team') {
    res.writeHead(302, { location: config.loginUrl() + '?cont=' + encodeURIComponent(url.pathname) }).end();
    return true;
  }
  if (gatePasswordLink(link, url, config.unlocked ?? new Set(), res)) return true;
  const files = store.linkedFiles(link);
  const tokenFor = (file: StoredFile) => {
    const token = randomId(24);
    store.downloadTokens.set(token, { linkId: link.linkId, pathLower: file.pathDisplay.toLowerCase() });
    return token;
  };
  const wantsBytes = url.searchParams.get('dl') === '1' || url.searchParams.get('raw') === '1';
  if (link.kind === 'file' && wantsBytes && files[0]) {
    const kind = url.searchParams.get('raw') === '1' ? 'inline' : 'get';
    res.writeHead(302, { location: `${config.downloadBase()}/cd/0/${kind}/${tokenFor(files[0])}/file` }).end();
    return true;
  }
  if (link.kind === 'file') {
    const name = files[0]?.pathDisplay.split('/').pop() ?? '';
    // The preview page a logged-out visitor gets: the photo inside Dropbox's page, with sign-in and sign-up prompts.
    html(res, 200, `<h1>${escape(name)}</h1><img alt="${escape(name)}" src="${config.downloadBase()}/cd/0/inline/${tokenFor(files[0]!)}/file">${SIGN_UP_PROMPT}`);
    return true;
  }
  serveFolderLink(url, res, link, folder);
  return true;
}

function usable(link: SharedLink, config: PublicLinkConfig): boolean {
  return !link.revoked && !(link.expires && Date.parse(link.expires) <= config.now());
}

function serveBytes(res: ServerResponse, file: StoredFile, attachment: boolean, config: PublicLinkConfig) {
  const name = file.pathDisplay.split('/').pop()!;
  const data = !attachment && config.misbehave.inlineWrongBytes ? oneWrongByte(file.data) : strangerBytes(file, config);
  const type = attachment ? 'application/octet-stream' : MIME[name.split('.').pop()!.toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(data.length),
    // Non-ASCII names: an ASCII fallback plus RFC 6266 filename* (headers cannot carry raw UTF-8).
    'content-disposition': `${attachment ? 'attachment' : 'inline'}; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
  config.throttle(res, data);
}

/** The bytes a stranger gets for a file: the stored ones, unless a test made the link misbehave. */
function strangerBytes(file: StoredFile, config: PublicLinkConfig): Buffer {
  const wrong = config.misbehave.allWrongBytes || config.misbehave.wrongBytes.has(file.pathDisplay.toLowerCase());
  return wrong ? oneWrongByte(file.data) : file.data;
}

const oneWrongByte = (data: Buffer) => Buffer.concat([data.subarray(0, Math.max(0, data.length - 1)), Buffer.from([0x42])]);
