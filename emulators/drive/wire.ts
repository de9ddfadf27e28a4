// Google's JSON error envelope and the small HTTP helpers every Drive route shares. Errors are
// thrown as DriveWireError and turned into a response in one place (server.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export type GoogleStatus =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'FAILED_PRECONDITION';

export interface GoogleErrorOptions {
  domain?: string;
  location?: string;
  locationType?: string;
  status?: GoogleStatus;
  /** Overrides the top-level message when it differs from errors[0].message (e.g. 401 authError). */
  topMessage?: string;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json; charset=UTF-8';

export class DriveWireError extends Error {
  constructor(
    readonly status: number,
    readonly body: string | object,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** `{"error":{"code","message","errors":[{message,domain,reason,location?,locationType?}],"status"?}}`. */
export function googleError(status: number, reason: string, message: string, options: GoogleErrorOptions = {}): DriveWireError {
  const item: Record<string, string> = { message, domain: options.domain ?? 'global', reason };
  if (options.location !== undefined) item.location = options.location;
  if (options.locationType !== undefined) item.locationType = options.locationType;
  const error: Record<string, unknown> = { code: status, message: options.topMessage ?? message, errors: [item] };
  if (options.status) error.status = options.status;
  return new DriveWireError(status, { error }, options.headers ?? {});
}

export const notFound = (id: string) => googleError(404, 'notFound', `File not found: ${id}.`, { location: 'fileId', locationType: 'parameter' });
export const badRequest = (message: string, location?: string) =>
  googleError(400, location ? 'invalid' : 'badRequest', message, location ? { location, locationType: 'parameter' } : {});

export function send(res: ServerResponse, status: number, body: string | Buffer | object | null, headers: Record<string, string> = {}) {
  if (body === null) {
    res.writeHead(status, { 'content-length': '0', ...headers });
    res.end();
    return;
  }
  const isText = typeof body === 'string';
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(isText ? body : JSON.stringify(body));
  res.writeHead(status, {
    'content-type': isText ? 'text/plain; charset=UTF-8' : JSON_TYPE,
    'content-length': String(payload.length),
    'x-guploader-uploadid': randomId(24),
    vary: 'Origin, X-Origin',
    ...headers,
  });
  res.end(payload);
}

export async function readBody(req: IncomingMessage, limit = 512 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw googleError(413, 'uploadTooLarge', 'The request is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** RFC 3339 with milliseconds, as Drive writes createdTime/modifiedTime. */
export const timestamp = (ms: number) => new Date(ms).toISOString();

export const randomId = (bytes = 12) => randomBytes(bytes).toString('base64url');

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
