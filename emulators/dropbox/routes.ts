// The API routes the app uses, each declared with its host, style, scope and argument fields as in
// the Stone spec, so malformed calls fail the way the real service fails them.
import { emulatorContentHash } from './content-hash';
import { linkPermissions, type LinkMetadataShape, type TeamLinkPolicy } from './link-policy';
import type { DropboxStore, SharedLink, StoredFile } from './store';
import { badRequest, randomId, routeError, timestamp } from './wire';

export interface RouteContext {
  route: string;
  arg: Record<string, unknown>;
  body: Buffer;
  store: DropboxStore;
  now: number;
  accountType: 'basic' | 'pro';
  linkShape: LinkMetadataShape;
  teamPolicy: TeamLinkPolicy;
  linkUrl: (link: SharedLink) => string;
  revokeToken: () => void;
  account: () => object;
}

export interface RouteSpec {
  host: 'api' | 'content';
  style: 'rpc' | 'upload';
  scope?: string;
  required: string[];
  optional: string[];
  handle(ctx: RouteContext): unknown;
}

const WRITE_PATH = /^(\/(.|[\r\n])*|ns:[0-9]+(\/.*)?)$/;
const WRITE_PATH_OR_ID = /^(\/(.|[\r\n])*|ns:[0-9]+(\/.*)?|id:.*)$/;
const READ_PATH = /^(\/(.|[\r\n])*|id:.*|(ns:[0-9]+(\/.*)?))?$/;

function checkPath(ctx: RouteContext, value: unknown, pattern: RegExp, where = 'path'): string {
  if (typeof value !== 'string') throw badRequest(ctx.route, `${where}: expected string, got ${typeof value}`);
  if (!pattern.test(value)) throw badRequest(ctx.route, `${where}: '${value}' did not match pattern '${pattern.source}'`);
  return value;
}

function tagOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return (value as { '.tag'?: string })['.tag'];
  return undefined;
}

function resolvePath(ctx: RouteContext, path: string): string {
  if (path.startsWith('id:')) {
    for (const file of ctx.store.files.values()) if (file.id === path) return file.pathDisplay.toLowerCase();
    return path;
  }
  return path.toLowerCase().replace(/\/+$/, '');
}

/** WriteMode + autorename semantics for a commit of `data` at `path`. */
function commit(ctx: RouteContext, data: Buffer, commitArg: Record<string, unknown>, errorShape: (reason: object) => never): StoredFile {
  const path = checkPath(ctx, commitArg.path, WRITE_PATH_OR_ID);
  const mode = tagOf(commitArg.mode) ?? 'add';
  if (commitArg.mode === 'update') throw badRequest(ctx.route, "mode: expected object for 'update', got symbol");
  if (commitArg.content_hash !== undefined && commitArg.content_hash !== emulatorContentHash(data)) {
    throw routeError(['content_hash_mismatch'], { '.tag': 'content_hash_mismatch' });
  }
  let target = path;
  const lower = () => target.toLowerCase();
  if (ctx.store.folders.has(lower())) {
    if (!commitArg.autorename) errorShape({ '.tag': 'conflict', conflict: { '.tag': 'folder' } });
  }
  const existing = ctx.store.files.get(lower());
  if (existing && !ctx.store.folders.has(lower())) {
    const same = existing.data.equals(data);
    if (mode === 'overwrite') return ctx.store.writeFile(target, data, commitArg.client_modified as string | undefined);
    if (mode === 'update') {
      const rev = (commitArg.mode as { update?: string }).update;
      if (rev === existing.rev) return ctx.store.writeFile(target, data);
    } else if (same && !commitArg.strict_conflict) {
      return existing;
    }
    if (!commitArg.autorename) errorShape({ '.tag': 'conflict', conflict: { '.tag': 'file' } });
  }
  const used = [...ctx.store.files.values()].reduce((sum, f) => sum + f.data.length, 0);
  if (used + data.length > ctx.store.quotaBytes) errorShape({ '.tag': 'insufficient_space' });
  if (ctx.store.files.has(lower()) || ctx.store.folders.has(lower())) {
    const dot = path.lastIndexOf('.');
    const slash = path.lastIndexOf('/');
    const [stem, ext] = dot > slash ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
    for (let n = 1; ctx.store.files.has(lower()) || ctx.store.folders.has(lower()); n++) target = `${stem} (${n})${ext}`;
  }
  return ctx.store.writeFile(target, data, commitArg.client_modified as string | undefined);
}

const uploadConflict = (reason: object): never => {
  throw routeError(['path', tagOf(reason)!, tagOf((reason as Record<string, unknown>).conflict) ?? ''].filter(Boolean), {
    '.tag': 'path',
    reason,
    upload_session_id: `pid_upload_session:${randomId(12)}`,
  });
};
const finishConflict = (reason: object): never => {
  throw routeError(['path', tagOf(reason)!], { '.tag': 'path', path: reason });
};

function session(ctx: RouteContext, cursor: unknown) {
  const c = cursor as { session_id?: string; offset?: number } | undefined;
  if (!c || typeof c.session_id !== 'string' || typeof c.offset !== 'number') throw badRequest(ctx.route, 'cursor: missing required field');
  return { s: ctx.store.sessions.get(c.session_id), offset: c.offset };
}

function linkMetadata(ctx: RouteContext, link: SharedLink) {
  const permissions = linkPermissions(ctx.linkShape, link.audience ?? 'public', ctx.accountType, link.password !== undefined);
  const base = { url: ctx.linkUrl(link), link_permissions: permissions, ...(link.expires ? { expires: link.expires } : {}) };
  if (link.kind === 'folder') {
    const meta = ctx.store.folderMetadata(link.pathLower, false) as { id: string; name: string; path_lower: string };
    return { '.tag': 'folder', ...base, id: meta.id, name: meta.name, path_lower: meta.path_lower };
  }
  const file = ctx.store.files.get(link.pathLower)!;
  return {
    '.tag': 'file',
    ...base,
    id: file.id,
    name: file.pathDisplay.split('/').pop(),
    path_lower: link.pathLower,
    client_modified: file.clientModified,
    server_modified: file.serverModified,
    rev: file.rev,
    size: file.data.length,
  };
}

function linkFromUrl(ctx: RouteContext, url: unknown): SharedLink | undefined {
  if (typeof url !== 'string') throw badRequest(ctx.route, 'url: expected string');
  const match = /\/scl\/f[io]\/([^/?]+)\/[^?]*\?(.*)$/.exec(url);
  if (!match) throw routeError(['shared_link_malformed'], { '.tag': 'shared_link_malformed' });
  const link = ctx.store.links.get(match[1]!);
  const rlkey = new URLSearchParams(match[2]).get('rlkey');
  return link && link.rlkey === rlkey && !link.revoked ? link : undefined;
}

export const ROUTES: Record<string, RouteSpec> = {
  'files/upload': {
    host: 'content', style: 'upload', scope: 'files.content.write',
    required: ['path'], optional: ['mode', 'autorename', 'client_modified', 'mute', 'property_groups', 'strict_conflict', 'content_hash'],
    handle: (ctx) => ctx.store.fileMetadata(commit(ctx, ctx.body, ctx.arg, uploadConflict), false),
  },
  'files/upload_session/start': {
    host: 'content', style: 'upload', scope: 'files.content.write', required: [], optional: ['close', 'session_type', 'content_hash'],
    handle: (ctx) => {
      const id = `pid_upload_session:${randomId(24)}`;
      ctx.store.sessions.set(id, { id, chunks: [ctx.body], offset: ctx.body.length, closed: Boolean(ctx.arg.close) });
      return { session_id: id };
    },
  },
  'files/upload_session/append_v2': {
    host: 'content', style: 'upload', scope: 'files.content.write', required: ['cursor'], optional: ['close', 'content_hash'],
    handle: (ctx) => {
      const { s, offset } = session(ctx, ctx.arg.cursor);
      if (!s) throw routeError(['not_found'], { '.tag': 'not_found' });
      if (s.closed) throw routeError(['closed'], { '.tag': 'closed' });
      if (offset !== s.offset) throw routeError(['incorrect_offset'], { '.tag': 'incorrect_offset', correct_offset: s.offset });
      s.chunks.push(ctx.body);
      s.offset += ctx.body.length;
      s.closed = Boolean(ctx.arg.close);
      return null;
    },
  },
  'files/upload_session/finish': {
    host: 'content', style: 'upload', scope: 'files.content.write', required: ['cursor', 'commit'], optional: ['content_hash'],
    handle: (ctx) => {
      const { s, offset } = session(ctx, ctx.arg.cursor);
      if (!s) throw routeError(['lookup_failed', 'not_found'], { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_found' } });
      if (offset !== s.offset) {
        throw routeError(['lookup_failed', 'incorrect_offset'], { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'incorrect_offset', correct_offset: s.offset } });
      }
      const data = Buffer.concat([...s.chunks, ctx.body]);
      const file = commit(ctx, data, ctx.arg.commit as Record<string, unknown>, finishConflict);
      ctx.store.sessions.delete(s.id);
      return ctx.store.fileMetadata(file, false);
    },
  },
  'files/get_metadata': {
    host: 'api', style: 'rpc', scope: 'files.metadata.read', required: ['path'],
    optional: ['include_media_info', 'include_deleted', 'include_has_explicit_shared_members', 'include_property_groups'],
    handle: (ctx) => {
      const lower = resolvePath(ctx, checkPath(ctx, ctx.arg.path, READ_PATH));
      const file = ctx.store.files.get(lower);
      if (file) return ctx.store.fileMetadata(file, true);
      if (ctx.store.folders.has(lower)) return ctx.store.folderMetadata(lower, true);
      throw routeError(['path', 'not_found'], { '.tag': 'path', path: { '.tag': 'not_found' } });
    },
  },
  'files/create_folder_v2': {
    host: 'api', style: 'rpc', scope: 'files.content.write', required: ['path'], optional: ['autorename'],
    handle: (ctx) => {
      let path = checkPath(ctx, ctx.arg.path, WRITE_PATH);
      if (ctx.store.folders.has(path.toLowerCase()) || ctx.store.files.has(path.toLowerCase())) {
        if (!ctx.arg.autorename) throw routeError(['path', 'conflict', 'folder'], { '.tag': 'path', path: { '.tag': 'conflict', conflict: { '.tag': 'folder' } } });
        const base = path;
        for (let n = 1; ctx.store.folders.has(path.toLowerCase()) || ctx.store.files.has(path.toLowerCase()); n++) path = `${base} (${n})`;
      }
      ctx.store.folders.set(path.toLowerCase(), path);
      ctx.store.ensureParents(path);
      return { metadata: ctx.store.folderMetadata(path.toLowerCase(), false) };
    },
  },
  'files/delete_v2': {
    host: 'api', style: 'rpc', scope: 'files.content.write', required: ['path'], optional: ['parent_rev'],
    handle: (ctx) => {
      const lower = resolvePath(ctx, checkPath(ctx, ctx.arg.path, WRITE_PATH_OR_ID));
      const file = ctx.store.files.get(lower);
      if (file) {
        ctx.store.files.delete(lower);
        for (const link of ctx.store.links.values()) if (link.pathLower === lower) link.revoked = true;
        return { metadata: ctx.store.fileMetadata(file, true) };
      }
      if (ctx.store.folders.has(lower)) {
        const meta = ctx.store.folderMetadata(lower, true);
        for (const key of [...ctx.store.files.keys()]) if (key.startsWith(lower + '/')) ctx.store.files.delete(key);
        for (const key of [...ctx.store.folders.keys()]) if (key === lower || key.startsWith(lower + '/')) ctx.store.folders.delete(key);
        for (const link of ctx.store.links.values()) if (link.pathLower === lower || link.pathLower.startsWith(lower + '/')) link.revoked = true;
        return { metadata: meta };
      }
      throw routeError(['path_lookup', 'not_found'], { '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } });
    },
  },
  'files/list_folder': {
    host: 'api', style: 'rpc', scope: 'files.metadata.read', required: ['path'],
    optional: ['recursive', 'include_media_info', 'include_deleted', 'include_has_explicit_shared_members', 'include_mounted_folders', 'limit', 'shared_link', 'include_property_groups', 'include_non_downloadable_files'],
    handle: (ctx) => {
      const lower = resolvePath(ctx, checkPath(ctx, ctx.arg.path, READ_PATH));
      if (lower !== '' && !ctx.store.folders.has(lower)) throw routeError(['path', 'not_found'], { '.tag': 'path', path: { '.tag': 'not_found' } });
      const direct = (key: string) => key.startsWith(lower + '/') && !key.slice(lower.length + 1).includes('/');
      const entries = [
        ...[...ctx.store.folders.keys()].filter(direct).map((k) => ctx.store.folderMetadata(k, true)),
        ...[...ctx.store.files.entries()].filter(([k]) => direct(k)).map(([, f]) => ctx.store.fileMetadata(f, true)),
      ];
      return { entries, cursor: randomId(16), has_more: false };
    },
  },
  'sharing/create_shared_link_with_settings': {
    host: 'api', style: 'rpc', scope: 'sharing.write', required: ['path'], optional: ['settings'],
    handle: (ctx) => {
      const lower = resolvePath(ctx, checkPath(ctx, ctx.arg.path, READ_PATH));
      const kind = ctx.store.files.has(lower) ? 'file' : ctx.store.folders.has(lower) ? 'folder' : undefined;
      if (!kind) throw routeError(['path', 'not_found'], { '.tag': 'path', path: { '.tag': 'not_found' } });
      const settings = ctx.arg.settings as Record<string, unknown> | undefined;
      const existing = [...ctx.store.links.values()].find((l) => l.pathLower === lower && !l.revoked);
      if (existing) {
        // The real service leaves the metadata out when the request carried settings.
        const body = settings ? { '.tag': 'shared_link_already_exists' } : { '.tag': 'shared_link_already_exists', shared_link_already_exists: { '.tag': 'metadata', metadata: linkMetadata(ctx, existing) } };
        throw routeError(['shared_link_already_exists', ...(settings ? [] : ['metadata'])], body);
      }
      if (settings) {
        if (Object.keys(settings).length === 0) throw routeError(['settings_error', 'invalid_settings'], { '.tag': 'settings_error', settings_error: { '.tag': 'invalid_settings' } });
        if (settings.expires !== undefined) {
          if (ctx.accountType === 'basic') throw routeError(['settings_error', 'not_authorized'], { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } });
          if (Date.parse(String(settings.expires)) <= ctx.now) throw routeError(['settings_error', 'invalid_settings'], { '.tag': 'settings_error', settings_error: { '.tag': 'invalid_settings' } });
        }
        const audience = tagOf(settings.audience);
        if (audience && audience !== 'public' && ctx.accountType === 'basic') {
          throw routeError(['settings_error', 'not_authorized'], { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } });
        }
        // A password: SharedLinkSettings.require_password + link_password (sharing.stone ~827–831),
        // or the deprecated requested_visibility `password`. Basic accounts "can only set
        // RequestedVisibility.public" (SharedLinkSettingsError.not_authorized, ~446–450); a password
        // asked for without link_password is invalid_settings (~440–445).
        if (settings.require_password === true || tagOf(settings.requested_visibility) === 'password') {
          if (ctx.accountType === 'basic') throw routeError(['settings_error', 'not_authorized'], { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } });
          if (typeof settings.link_password !== 'string' || !settings.link_password) {
            throw routeError(['settings_error', 'invalid_settings'], { '.tag': 'settings_error', settings_error: { '.tag': 'invalid_settings' } });
          }
        }
      }
      // A team that keeps links inside the team: refused outright, or made team-only.
      if (ctx.teamPolicy === 'settings-error') throw routeError(['settings_error', 'not_authorized'], { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } });
      if (ctx.teamPolicy === 'access-denied') throw routeError(['access_denied'], { '.tag': 'access_denied' });
      const link: SharedLink = {
        linkId: randomId(18).toLowerCase().replace(/[^a-z0-9]/g, 'x'),
        rlkey: randomId(18).toLowerCase().replace(/[^a-z0-9]/g, '0'),
        pathLower: lower,
        kind,
        seg: randomId(9),
        revoked: false,
        expires: settings?.expires ? timestamp(Date.parse(String(settings.expires))) : undefined,
        ...(ctx.teamPolicy === 'team-only' ? { audience: 'team' as const } : {}),
        ...(settings?.require_password === true || tagOf(settings?.requested_visibility) === 'password' ? { password: String(settings!.link_password) } : {}),
      };
      ctx.store.links.set(link.linkId, link);
      return linkMetadata(ctx, link);
    },
  },
  'sharing/list_shared_links': {
    host: 'api', style: 'rpc', scope: 'sharing.read', required: [], optional: ['path', 'cursor', 'direct_only'],
    handle: (ctx) => {
      const lower = ctx.arg.path === undefined ? undefined : resolvePath(ctx, checkPath(ctx, ctx.arg.path, READ_PATH));
      const links = [...ctx.store.links.values()].filter(
        (l) => !l.revoked && (lower === undefined || l.pathLower === lower || (!ctx.arg.direct_only && lower.startsWith(l.pathLower + '/'))),
      );
      return { links: links.map((l) => linkMetadata(ctx, l)), has_more: false, ...(lower === undefined ? { cursor: randomId(8) } : {}) };
    },
  },
  'sharing/get_shared_link_metadata': {
    host: 'api', style: 'rpc', scope: 'sharing.read', required: ['url'], optional: ['path', 'link_password'],
    handle: (ctx) => {
      const link = linkFromUrl(ctx, ctx.arg.url);
      if (!link) throw routeError(['shared_link_not_found'], { '.tag': 'shared_link_not_found' });
      return linkMetadata(ctx, link);
    },
  },
  'sharing/modify_shared_link_settings': {
    host: 'api', style: 'rpc', scope: 'sharing.write', required: ['url', 'settings'], optional: ['remove_expiration'],
    handle: (ctx) => {
      const link = linkFromUrl(ctx, ctx.arg.url);
      if (!link) throw routeError(['shared_link_not_found'], { '.tag': 'shared_link_not_found' });
      const settings = ctx.arg.settings as Record<string, unknown>;
      if (settings.expires !== undefined) {
        if (ctx.accountType === 'basic') throw routeError(['settings_error', 'not_authorized'], { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } });
        link.expires = timestamp(Date.parse(String(settings.expires)));
      }
      if (ctx.arg.remove_expiration) link.expires = undefined;
      return linkMetadata(ctx, link);
    },
  },
  'sharing/revoke_shared_link': {
    host: 'api', style: 'rpc', scope: 'sharing.write', required: ['url'], optional: [],
    handle: (ctx) => {
      const link = linkFromUrl(ctx, ctx.arg.url);
      if (!link) throw routeError(['shared_link_not_found'], { '.tag': 'shared_link_not_found' });
      link.revoked = true;
      return null;
    },
  },
  'users/get_current_account': {
    host: 'api', style: 'rpc', scope: 'account_info.read', required: [], optional: [],
    handle: (ctx) => ctx.account(),
  },
  'auth/token/revoke': {
    host: 'api', style: 'rpc', required: [], optional: [],
    handle: (ctx) => {
      ctx.revokeToken();
      return null;
    },
  },
};
