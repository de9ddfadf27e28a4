// Drive v3's metadata and upload routes as DM Drop and googleapis use them (contract §3–§5, §8):
// files create/list/get/update/delete, permissions create/list/delete, and uploads (multipart,
// media, resumable with 308 + Range). Only files made by the calling OAuth client are visible
// (the drive.file scope): anything else is 404, as Google answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMultipart } from './multipart';
import { parseQuery } from './query';
import { FOLDER_MIME, type DriveFile, type DriveStore, type Permission } from './store';
import { badRequest, driveId, googleError, invalid, notFound, parseFields, parseJson, select, send, type WireError } from './wire';

export interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  clientId: string;
  store: DriveStore;
  /** Base of the links files carry (real-looking or loopback). */
  linkBase: string;
  /** Base the emulator answers on (for resumable session URIs). */
  base: string;
}

const CHUNK = 262_144;
const ROLES = ['reader', 'commenter', 'writer', 'fileOrganizer', 'organizer', 'owner'];
const TYPES = ['user', 'group', 'domain', 'anyone'];
const FILE_FIELDS = ['name', 'mimeType', 'parents', 'appProperties', 'properties', 'description', 'starred', 'createdTime', 'modifiedTime', 'originalFilename', 'id', 'trashed'];

/** The route name (used by fault rules and the request log) for a request, or undefined. */
export function routeOf(method: string, path: string, url: URL): string | undefined {
  if (path === '/upload/drive/v3/files') {
    if (method === 'PUT' && url.searchParams.get('upload_id')) return 'upload.resumable.put';
    if (method === 'POST') return `upload.${url.searchParams.get('uploadType') === 'resumable' ? 'resumable.start' : url.searchParams.get('uploadType') ?? 'unknown'}`;
    return undefined;
  }
  if (path === '/drive/v3/files') return method === 'POST' ? 'files.create' : method === 'GET' ? 'files.list' : undefined;
  if (/^\/drive\/v3\/files\/[^/]+$/.test(path)) return { GET: 'files.get', PATCH: 'files.update', DELETE: 'files.delete' }[method];
  if (/^\/drive\/v3\/files\/[^/]+\/permissions$/.test(path)) return { POST: 'permissions.create', GET: 'permissions.list' }[method];
  if (/^\/drive\/v3\/files\/[^/]+\/permissions\/[^/]+$/.test(path)) return method === 'DELETE' ? 'permissions.delete' : undefined;
  return undefined;
}

function visible(ctx: ApiContext, id: string): DriveFile {
  const file = ctx.store.files.get(ctx.store.resolveId(id));
  if (!file || (file.clientId !== ctx.clientId && file.id !== ctx.store.rootId)) throw notFound(id);
  return file;
}

function respond(ctx: ApiContext, status: number, value: unknown, defaults: string) {
  send(ctx.res, status, select(value, parseFields(ctx.url.searchParams.get('fields') ?? defaults)) as object);
}

function fileOut(ctx: ApiContext, file: DriveFile, status = 200, fields?: string | null) {
  send(ctx.res, status, select(ctx.store.resource(file, ctx.linkBase), parseFields(fields ?? ctx.url.searchParams.get('fields') ?? 'kind,id,name,mimeType')) as object);
}

/** Validates File metadata from a create call and resolves its parent. */
function newFileInput(ctx: ApiContext, meta: Record<string, unknown>, data: Buffer, mime?: string) {
  for (const key of Object.keys(meta)) {
    if (!FILE_FIELDS.includes(key)) throw googleError(400, 'badRequest', `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
  }
  const parents = meta.parents === undefined ? ['root'] : meta.parents;
  if (!Array.isArray(parents) || parents.some((p) => typeof p !== 'string')) throw invalid('Invalid Value', 'parents');
  if (parents.length > 1) throw googleError(403, 'cannotAddParent', 'Increasing the number of parents is not allowed.');
  const parent = visible(ctx, parents[0] as string);
  if (parent.mimeType !== FOLDER_MIME) throw notFound(parents[0] as string);
  const appProperties = (meta.appProperties ?? {}) as Record<string, unknown>;
  if (typeof appProperties !== 'object' || Object.values(appProperties).some((v) => typeof v !== 'string')) throw invalid('Invalid Value', 'appProperties');
  if (meta.name !== undefined && typeof meta.name !== 'string') throw invalid('Invalid Value', 'name');
  if (data.length > 0 && ctx.store.usedBytes() + data.length > ctx.store.quotaBytes) throw quotaExceeded();
  return {
    name: (meta.name as string | undefined) ?? 'Untitled',
    mimeType: (meta.mimeType as string | undefined) ?? mime ?? 'application/octet-stream',
    parents: [parent.id],
    appProperties: appProperties as Record<string, string>,
    data,
    clientId: ctx.clientId,
  };
}

const quotaExceeded = (): WireError =>
  googleError(403, 'storageQuotaExceeded', "The user's Drive storage quota has been exceeded.", { domain: 'usageLimits' });

export function handleApi(route: string, ctx: ApiContext): void {
  const { store, url } = ctx;
  const id = decodeURIComponent(url.pathname.split('/')[4] ?? '');
  switch (route) {
    case 'files.create': {
      const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
      if (ctx.body.length > 0 && !type.startsWith('application/json')) {
        throw badRequest('Media upload requests must be sent to the upload URL, /upload/drive/v3/files.');
      }
      const meta = parseJson(ctx.body);
      if (meta.mimeType !== FOLDER_MIME && meta.mimeType !== undefined && typeof meta.mimeType !== 'string') throw invalid('Invalid Value', 'mimeType');
      return fileOut(ctx, store.create(newFileInput(ctx, meta, Buffer.alloc(0))));
    }
    case 'files.list': {
      const q = url.searchParams.get('q');
      const match = q ? parseQuery(q, (x) => store.resolveId(x)) : () => true;
      const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw invalid('Invalid Value', 'pageSize');
      const files = [...store.files.values()]
        .filter((f) => f.clientId === ctx.clientId && match(f, store.isTrashed(f)))
        .slice(0, pageSize)
        .map((f) => store.resource(f, ctx.linkBase));
      return respond(ctx, 200, { kind: 'drive#fileList', incompleteSearch: false, files }, 'kind,incompleteSearch,files(kind,id,name,mimeType)');
    }
    case 'files.get': {
      const file = visible(ctx, id);
      if (url.searchParams.get('alt') === 'media') {
        if (file.mimeType === FOLDER_MIME) throw googleError(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded.');
        return send(ctx.res, 200, file.data, { 'content-type': file.mimeType });
      }
      return fileOut(ctx, file);
    }
    case 'files.update': {
      const file = visible(ctx, id);
      const patch = parseJson(ctx.body);
      if (typeof patch.name === 'string') file.name = patch.name;
      if (typeof patch.trashed === 'boolean') file.trashed = patch.trashed;
      if (patch.appProperties && typeof patch.appProperties === 'object') Object.assign(file.appProperties, patch.appProperties);
      file.modifiedTime = new Date().toISOString();
      return fileOut(ctx, file);
    }
    case 'files.delete': {
      visible(ctx, id);
      store.remove(store.resolveId(id));
      return send(ctx.res, 204, null);
    }
    case 'permissions.create':
      return createPermission(ctx, visible(ctx, id));
    case 'permissions.list': {
      const file = visible(ctx, id);
      return respond(ctx, 200, { kind: 'drive#permissionList', permissions: file.permissions.map((p) => ({ kind: 'drive#permission', ...p })) }, 'kind,permissions(kind,id,type,role)');
    }
    case 'permissions.delete': {
      const file = visible(ctx, id);
      const permissionId = decodeURIComponent(url.pathname.split('/')[6] ?? '');
      const index = file.permissions.findIndex((p) => p.id === permissionId);
      if (index < 0) throw googleError(404, 'notFound', `Permission not found: ${permissionId}.`, { location: 'permissionId', locationType: 'parameter' });
      const [removed] = file.permissions.splice(index, 1);
      if (removed?.type === 'anyone') store.anyoneRemoved(file);
      return send(ctx.res, 204, null);
    }
    case 'upload.multipart': {
      const upload = parseMultipart(ctx.req.headers['content-type'] ?? '', ctx.body);
      return fileOut(ctx, store.create(newFileInput(ctx, upload.metadata, upload.data, upload.mime)));
    }
    case 'upload.media':
      return fileOut(ctx, store.create(newFileInput(ctx, {}, ctx.body, ctx.req.headers['content-type'])));
    case 'upload.resumable.start':
      return startSession(ctx);
    default:
      throw badRequest(`Invalid upload type "${url.searchParams.get('uploadType') ?? ''}"; use media, multipart or resumable.`, 'uploadType');
  }
}

/**
 * An organisation's refusal of "anyone with the link": a Workspace domain that forbids publishing
 * answers 403 `forbidden` "Insufficient permissions for this file" (odeke-em/drive#864, #570); an
 * item in a shared drive whose settings forbid it answers 400 'Bad Request. User message: ""'
 * (googleapis/google-api-python-client#895).
 */
function refuseByPolicy(policy: DriveStore['sharingPolicy']) {
  if (policy === 'domain-forbids-anyone') throw googleError(403, 'forbidden', 'Insufficient permissions for this file');
  if (policy === 'shared-drive-refuses-anyone') throw googleError(400, 'badRequest', 'Bad Request. User message: ""');
}

function createPermission(ctx: ApiContext, file: DriveFile) {
  const body = parseJson(ctx.body);
  const role = body.role as string | undefined;
  const type = body.type as Permission['type'] | undefined;
  if (!role) throw googleError(400, 'required', 'The permission role field is required.', { location: 'permission.role', locationType: 'other' });
  if (!type) throw googleError(400, 'required', 'The permission type field is required.', { location: 'permission.type', locationType: 'other' });
  if (!ROLES.includes(role)) throw invalid(`The provided value for 'role' is invalid.`, 'permission.role');
  if (!TYPES.includes(type)) throw invalid(`The provided value for 'type' is invalid.`, 'permission.type');
  if (body.expirationTime !== undefined && (type === 'anyone' || type === 'domain')) {
    throw googleError(403, 'cannotSetExpiration', 'Expiration dates cannot be set on this item.');
  }
  if ((type === 'user' || type === 'group') && typeof body.emailAddress !== 'string') {
    throw googleError(400, 'required', 'The permission emailAddress field is required.', { location: 'permission.emailAddress', locationType: 'other' });
  }
  if (type === 'anyone') refuseByPolicy(ctx.store.sharingPolicy);
  let permission: Permission;
  if (type === 'anyone') {
    const discoverable = body.allowFileDiscovery === true;
    // One "anyone" permission per file: a second create updates it.
    file.permissions = file.permissions.filter((p) => p.type !== 'anyone');
    permission = { id: discoverable ? 'anyone' : 'anyoneWithLink', type, role, allowFileDiscovery: discoverable };
  } else {
    permission = { id: driveId().slice(0, 20), type, role, emailAddress: body.emailAddress as string };
  }
  file.permissions.push(permission);
  respond(ctx, 200, { kind: 'drive#permission', ...permission }, 'kind,id,type,role,allowFileDiscovery');
}

function startSession(ctx: ApiContext) {
  const meta = parseJson(ctx.body);
  const declared = ctx.req.headers['x-upload-content-length'];
  const declaredTotal = declared === undefined ? undefined : Number(declared);
  if (declaredTotal !== undefined && (!Number.isInteger(declaredTotal) || declaredTotal < 0)) throw badRequest('Invalid X-Upload-Content-Length.');
  // Validates the metadata (parent, quota for the declared size) before any byte is sent.
  newFileInput(ctx, meta, Buffer.alloc(declaredTotal ?? 0));
  const id = driveId() + driveId();
  ctx.store.sessions.set(id, {
    id,
    clientId: ctx.clientId,
    metadata: meta,
    mime: (ctx.req.headers['x-upload-content-type'] as string | undefined) ?? (meta.mimeType as string | undefined) ?? 'application/octet-stream',
    declaredTotal,
    fields: ctx.url.searchParams.get('fields'),
    data: Buffer.alloc(0),
  });
  send(ctx.res, 200, null, { location: `${ctx.base}/upload/drive/v3/files?uploadType=resumable&upload_id=${id}` });
}

/**
 * A PUT on a session URI: a chunk (`Content-Range: bytes a-b/N`), the whole file, or a status query
 * (`bytes *\/N`). `keepOnly` (fault injection) stores just that many bytes of the chunk and reports
 * nothing: the caller then drops the connection.
 */
export function putSession(ctx: ApiContext, keepOnly?: number): boolean {
  const session = ctx.store.sessions.get(ctx.url.searchParams.get('upload_id') ?? '');
  if (!session) {
    send(ctx.res, 404, 'Not Found');
    return true;
  }
  const range = ctx.req.headers['content-range'] as string | undefined;
  const status = () => {
    if (session.fileId) return fileOut(ctx, ctx.store.files.get(session.fileId)!, 200, session.fields);
    const headers: Record<string, string> = session.data.length > 0 ? { range: `bytes=0-${session.data.length - 1}` } : {};
    send(ctx.res, 308, null, headers);
  };
  const query = range ? /^bytes \*\/(\d+|\*)$/.exec(range) : null;
  if (query) {
    if (ctx.body.length > 0) throw badRequest('A status query has no body.');
    return void status(), true;
  }
  let first = 0;
  let total: number;
  if (range) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range);
    if (!m) throw badRequest(`Invalid Content-Range: ${range}`);
    first = Number(m[1]);
    const last = Number(m[2]);
    total = m[3] === '*' ? NaN : Number(m[3]);
    if (last - first + 1 !== ctx.body.length) throw badRequest('The Content-Range does not match the number of bytes sent.');
  } else {
    total = ctx.body.length;
  }
  if (session.fileId) return void status(), true;
  if (session.declaredTotal !== undefined && Number.isFinite(total) && total !== session.declaredTotal) {
    throw badRequest(`The upload was declared as ${session.declaredTotal} bytes, not ${total}.`);
  }
  if (first > session.data.length) throw badRequest(`Chunk starts at ${first} but only ${session.data.length} bytes were received.`);
  const fresh = ctx.body.subarray(session.data.length - first);
  const isLast = Number.isFinite(total) && first + ctx.body.length === total;
  if (!isLast && ctx.body.length % CHUNK !== 0) throw badRequest(`Chunks other than the last must be a multiple of ${CHUNK} bytes.`);
  if (keepOnly !== undefined) {
    session.data = Buffer.concat([session.data, fresh.subarray(0, keepOnly)]);
    return false;
  }
  session.data = Buffer.concat([session.data, fresh]);
  if (Number.isFinite(total) && session.data.length === total) {
    const file = ctx.store.create(newFileInput({ ...ctx, clientId: session.clientId }, session.metadata, session.data, session.mime));
    session.fileId = file.id;
  }
  status();
  return true;
}
