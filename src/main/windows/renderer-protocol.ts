// The drop window's page is served from app://dmdrop/ (a privileged standard scheme) instead of
// file://: a packaged build's fuses take file:// its extra privileges, Chromium will not load ES
// modules from file://, and one fixed origin makes the IPC sender check independent of where the
// app is installed. Pure Node (Request in, Response out), so it is tested without Electron.
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CustomScheme } from 'electron';

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'dmdrop';
/** The URL the window loads in a built app (npm start, packaged builds, --self-test). */
export const RENDERER_ENTRY_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`;

/**
 * Registered once, before `ready` (Electron allows one call). standard: relative URLs and a real
 * origin; secure: a secure context like https; supportFetchAPI/codeCache as for http. Not
 * bypassCSP: the page's Content-Security-Policy applies as written.
 */
export const RENDERER_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: RENDERER_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const refuse = (status: number) => new Response(null, { status });

/**
 * The handler for protocol.handle: files below `rootDir` only (Electron's fs reads them inside
 * app.asar), known types only, GET/HEAD only; anything that leaves the folder is refused.
 */
export function rendererProtocolHandler(rootDir: string, readFile: (path: string) => Promise<Uint8Array> = fsReadFile): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let url: URL;
    let pathname: string;
    try {
      url = new URL(request.url);
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400);
    }
    if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST) return refuse(404);
    if (pathname.includes('\0')) return refuse(400);
    const file = resolve(join(root, pathname === '/' ? 'index.html' : pathname));
    const inside = relative(root, file);
    if (!inside || inside === '..' || inside.startsWith('..\\') || inside.startsWith('../') || isAbsolute(inside)) return refuse(403);
    const type = TYPES[extname(file).toLowerCase()];
    if (!type) return refuse(404);
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return refuse(404);
    }
    const headers = { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    // (A Buffer from fs is an ArrayBuffer-backed view; the cast only narrows TypeScript's ArrayBufferLike.)
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  };
}

/**
 * Whether a frame's URL (as Chromium reports it: canonical, percent-encoded) is the page this
 * window loaded. Both sides go through the URL parser, so encoding and drive-letter spelling
 * cannot make our own page look foreign; the fragment (the page's view) does not matter.
 */
export function isSamePage(reported: string, loaded: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(reported);
    b = new URL(loaded);
  } catch {
    return false;
  }
  const canonical = (u: URL) => {
    u.hash = '';
    // Chromium writes a Windows drive letter in upper case (file:///C:/…); a path may not.
    if (u.protocol === 'file:') u.pathname = u.pathname.replace(/^\/([a-z])(:|%3A)/i, (_m, d: string) => `/${d.toUpperCase()}:`);
    return u.href;
  };
  return canonical(a) === canonical(b);
}
