// Dropbox's wire conventions, shared by every route: plain-text 400s for malformed calls, JSON
// AuthError 401s, tagged 409 route errors with a summary ending in dots, and JSON successes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WireError, readBody as readLimitedBody } from '../wire-error';

export { WireError };

/** `Error in call to API function "files/upload": <detail>` (400, text/plain). */
export function badRequest(route: string, detail: string): WireError {
  return new WireError(400, `Error in call to API function "${route}": ${detail}`);
}

/** A tagged route error, e.g. routeError(['path', 'not_found'], {...}). */
export function routeError(summaryTags: string[], error: object): WireError {
  const dots = '.'.repeat(2 + (randomBytes(1)[0]! % 3));
  return new WireError(409, { error_summary: `${summaryTags.join('/')}/${dots}`, error });
}

export function authError(tag: string, extra: object = {}): WireError {
  return new WireError(401, { error_summary: `${tag}/..`, error: { '.tag': tag, ...extra } }, { 'www-authenticate': 'Dropbox-API' });
}

export function send(res: ServerResponse, status: number, body: string | Buffer | object | null, headers: Record<string, string> = {}) {
  const isText = typeof body === 'string';
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(isText ? body : JSON.stringify(body));
  res.writeHead(status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': String(payload.length),
    'x-dropbox-request-id': randomBytes(16).toString('hex'),
    ...headers,
  });
  res.end(payload);
}

export function readBody(req: IncomingMessage, limit = 150 * 1024 * 1024 + 1): Promise<Buffer> {
  return readLimitedBody(req, limit, () => new WireError(413, 'Request body too large'));
}

/** Dropbox timestamps: `%Y-%m-%dT%H:%M:%SZ`, no fractional seconds. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** JSON with U+007F and above escaped, as the real service writes headers. */
export function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
