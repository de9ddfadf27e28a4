// Google's wire conventions (shared/contracts/google-drive.md §6): JSON errors shaped
// {"error":{"code","message","errors":[{"message","domain","reason",…}],"status"?}}, int64 fields as
// strings, and `fields` selecting which keys a response carries.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WireError, readBody as readLimitedBody } from '../wire-error';

export { WireError };

export interface ErrorDetail {
  domain?: string;
  location?: string;
  locationType?: string;
  /** gRPC status name; Google sends it on some responses only (e.g. 401s). */
  status?: string;
  headers?: Record<string, string>;
}

export function googleError(status: number, reason: string, message: string, detail: ErrorDetail = {}): WireError {
  const item: Record<string, string> = { message, domain: detail.domain ?? 'global', reason };
  if (detail.location) item.location = detail.location;
  if (detail.locationType) item.locationType = detail.locationType;
  const error: Record<string, unknown> = { code: status, message, errors: [item] };
  if (detail.status) error.status = detail.status;
  return new WireError(status, { error }, detail.headers);
}

export const notFound = (id: string) => googleError(404, 'notFound', `File not found: ${id}.`, { location: 'fileId', locationType: 'parameter' });
export const badRequest = (message: string, location?: string) =>
  googleError(400, 'badRequest', message, location ? { location, locationType: 'parameter' } : {});
export const invalid = (message: string, location: string) => googleError(400, 'invalid', message, { location, locationType: 'parameter' });

export function send(res: ServerResponse, status: number, body: object | string | Buffer | null, headers: Record<string, string> = {}) {
  const payload = body === null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body, null, 1));
  const type = typeof body === 'string' ? 'text/plain; charset=UTF-8' : 'application/json; charset=UTF-8';
  res.writeHead(status, {
    ...(body === null ? {} : { 'content-type': type }),
    'content-length': String(payload.length),
    'x-guploader-uploadid': randomBytes(12).toString('base64url'),
    ...headers,
  });
  res.end(payload);
}

export function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return readLimitedBody(req, limit, () => googleError(413, 'uploadTooLarge', 'The request is too large.'));
}

export function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw googleError(400, 'parseError', 'Parse Error');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw googleError(400, 'parseError', 'Parse Error');
  return value as Record<string, unknown>;
}

/** Drive ids: 33 characters of [A-Za-z0-9_-], starting with 1. */
export function driveId(): string {
  return '1' + randomBytes(24).toString('base64url').slice(0, 32);
}

type FieldTree = { [key: string]: FieldTree } | true;

/** Parses `a,b(c,d),e/f` into a tree; `*` selects everything. */
export function parseFields(fields: string | null): FieldTree | undefined {
  if (!fields) return undefined;
  let i = 0;
  const parseList = (): { [key: string]: FieldTree } => {
    const out: { [key: string]: FieldTree } = {};
    while (i < fields.length && fields[i] !== ')') {
      let name = '';
      while (i < fields.length && !',()'.includes(fields[i]!)) name += fields[i++];
      name = name.trim();
      let sub: FieldTree = true;
      if (fields[i] === '(') {
        i++;
        sub = parseList();
        i++; // ')'
      }
      const path = name.split('/');
      let node = out;
      path.forEach((part, n) => {
        if (n === path.length - 1) node[part] = sub;
        else node = (node[part] = typeof node[part] === 'object' ? node[part] : {}) as { [key: string]: FieldTree };
      });
      if (fields[i] === ',') i++;
    }
    return out;
  };
  const tree = parseList();
  if (i !== fields.length) throw invalid('Invalid field selection ' + fields, 'fields');
  return tree;
}

/** Keeps only the selected keys (recursively, through arrays). */
export function select(value: unknown, tree: FieldTree | undefined): unknown {
  if (tree === undefined || tree === true) return value;
  if (Array.isArray(value)) return value.map((v) => select(v, tree));
  if (typeof value !== 'object' || value === null) return value;
  if ('*' in tree) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(tree)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = select(v, sub);
  }
  return out;
}
