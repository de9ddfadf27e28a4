// A loopback emulator of Dropbox API v2, faithful to the real service for every route DM Drop
// uses (see shared/contracts/dropbox.md): one port serves the api, content, OAuth and anonymous
// link hosts; the app's fetch names the host it meant in x-dmdrop-original-host.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback } from '../listen';
import { createUplink, sendThrottled } from '../throttle';
import { Faults, type FaultRule } from './faults';
import { authenticate, authorize, issueAccess, issueRefresh, revokeGrant, token, type OAuthConfig } from './oauth';
import type { FolderLinkOptions } from './folder-link';
import type { DeadLinkAnswer, LinkMetadataShape, TeamLinkPolicy } from './link-policy';
import { servePublic, type Misbehaviour } from './public-links';
import { createPasswordGate, PASSWORD_FORM_PATH } from './password-gate';
import { ROUTES, type RouteSpec } from './routes';
import { ALL_SCOPES, DropboxStore } from './store';
import { WireError, badRequest, authError, headerSafeJson, readBody, send } from './wire';

/**
 * The header in which DM Drop's rewriting fetch (src/core/providers/dropbox/dropbox-fetch.ts) says which
 * real host a request was meant for, so a route sent to the wrong host is refused as Dropbox would.
 * Written here, not imported: the emulator shares no code with the client it tests (a test proves
 * both spell it the same).
 */
export const ORIGINAL_HOST_HEADER = 'x-dmdrop-original-host';

export interface DropboxEmulatorOptions {
  port?: number;
  host?: string;
  /** 'real': links look like https://www.dropbox.com/scl/…; 'loopback': http://127.0.0.1:PORT/scl/… */
  linkBase?: 'real' | 'loopback';
  accountType?: 'basic' | 'pro';
  appKey?: string;
  accessTokenLifetimeSec?: number;
  /** Space in the account; uploads beyond it fail with path/insufficient_space. */
  quotaBytes?: number;
  latencyMs?: number;
  /** Download speed of shared links (what a stranger's phone receives). */
  bandwidthKbps?: number;
  /** Upload speed shared by all request bodies (the user's uplink). */
  uplinkKbps?: number;
  now?: () => number;
  /** What a stranger gets for a folder link: its page and its ZIP (dl=1); defaults are the real shapes. */
  folderLink?: FolderLinkOptions;
  /** Which LinkPermissions fields link metadata carries (default `legacy`: see link-policy.ts). */
  linkMetadata?: LinkMetadataShape;
  /** What a team sharing policy does to a request for a public link (default: no team). */
  teamPolicy?: TeamLinkPolicy;
  /** What a stranger gets for a revoked, expired or unknown link (default: a 200 HTML page). */
  deadLinks?: DeadLinkAnswer;
  /**
   * The redirect URIs registered in the App Console; authorize refuses any other (default: the
   * one the README registers). `'loopback-any-port'` accepts any port on a registered loopback URI.
   */
  redirectUris?: string[];
  redirectMatch?: 'exact' | 'loopback-any-port';
}

/** The redirect URI the README tells users to register. */
export const REGISTERED_REDIRECT_URI = 'http://127.0.0.1:53682/callback';

export interface RequestLogEntry {
  method: string;
  host: string;
  route: string;
  status: number;
}

export interface StoredFileInfo {
  provider: 'dropbox';
  path: string;
  size: number;
  sha256: string;
  contentHash: string;
}

export interface DropboxEmulator {
  url: string;
  port: number;
  appKey: string;
  requests: RequestLogEntry[];
  faults: Faults;
  misbehave: {
    linkServesWrongBytes(path: string): void;
    linkRequiresLogin(path: string): void;
    linkReturnsNotFound(path: string): void;
    allLinksServeWrongBytes(): void;
    /** Only the photo form (raw=1, shown inline) serves one wrong byte; dl=1 stays right. */
    photoLinksServeWrongBytes(): void;
    reset(): void;
  };
  issueRefreshToken(options?: { scopes?: string[] }): string;
  /** Adds a redirect URI to the emulated app's registered ones (what a user does in the App Console). */
  registerRedirectUri(uri: string): void;
  /** A free loopback port whose callback URI is registered too: `dmdropEnv({ signedIn: false })` points logins at it. */
  oauthPort: number;
  /** The variables that point DM Drop at this emulator, signed in with a fresh refresh token unless `signedIn: false`. */
  dmdropEnv(options?: { signedIn?: boolean }): Record<string, string>;
  files(): StoredFileInfo[];
  fileContents(): Buffer[];
  expireAccessTokens(): void;
  revokeAllTokens(): void;
  setQuota(bytes: number): void;
  /** The network goes away (connections refused) until `networkBack()`; state is kept. */
  networkGone(): Promise<void>;
  networkBack(): Promise<void>;
  close(): Promise<void>;
}

const HOSTS = { api: 'api.dropboxapi.com', content: 'content.dropboxapi.com' } as const;
const RPC_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain; charset=dropbox-cors-hack'];
const UPLOAD_TYPES = ['application/octet-stream', 'text/plain; charset=dropbox-cors-hack'];

export async function startDropboxEmulator(options: DropboxEmulatorOptions = {}): Promise<DropboxEmulator> {
  const now = options.now ?? Date.now;
  const appKey = options.appKey ?? 'dmdrop-emulator-app';
  const accountType = options.accountType ?? 'basic';
  const store = new DropboxStore(now);
  store.quotaBytes = options.quotaBytes ?? Infinity;
  const faults = new Faults();
  const misbehave: Misbehaviour = { wrongBytes: new Set(), requireLogin: new Set(), notFound: new Set(), allWrongBytes: false, inlineWrongBytes: false };
  const requests: RequestLogEntry[] = [];
  const oauth: OAuthConfig = {
    appKey,
    accessTokenLifetimeSec: options.accessTokenLifetimeSec ?? 14400,
    now,
    accountId: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
    redirectUris: [...(options.redirectUris ?? [REGISTERED_REDIRECT_URI])],
    redirectMatch: options.redirectMatch ?? 'exact',
  };
  let base = '';
  const linkBase = () => (options.linkBase === 'loopback' ? base : 'https://www.dropbox.com');
  const downloadBase = () =>
    options.linkBase === 'loopback' ? base : `https://uc${createHash('sha1').update(String(Math.random())).digest('hex').slice(0, 26)}.dl.dropboxusercontent.com`;

  const throttle = (res: ServerResponse, data: Buffer) => sendThrottled(res, data, options.bandwidthKbps);
  const uplink = createUplink(options.uplinkKbps);

  const account = () => ({
    account_id: oauth.accountId,
    name: { given_name: 'Test', surname: 'User', familiar_name: 'Test', display_name: 'Test User', abbreviated_name: 'TU' },
    email: 'test.user@example.com',
    email_verified: true,
    disabled: false,
    locale: 'en',
    referral_link: 'https://www.dropbox.com/referrals/AAAA',
    is_paired: false,
    account_type: { '.tag': accountType },
    root_info: { '.tag': 'user', root_namespace_id: '3235641', home_namespace_id: '3235641' },
    country: 'GB',
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, route: string, spec: RouteSpec): Promise<number> {
    const originalHost = req.headers[ORIGINAL_HOST_HEADER] as string | undefined;
    if (originalHost && originalHost !== HOSTS[spec.host]) throw badRequest(route, `This endpoint is on ${HOSTS[spec.host]}, not ${originalHost}.`);
    if (req.method !== 'POST') throw badRequest(route, 'Request method must be POST.');
    const body = await readBody(req);
    await uplink(body.length);
    const fault = faults.take(route);
    if (fault && fault.kind !== 'lost-response') return applyFault(res, fault, route);
    const grant = authenticate(req, route, spec.scope, store, now());
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    let raw: string | undefined;
    if (spec.style === 'upload') {
      if (!UPLOAD_TYPES.includes(type)) {
        throw badRequest(route, `Bad HTTP "Content-Type" header: "${type}".  Expecting one of "application/octet-stream", "text/plain; charset=dropbox-cors-hack".`);
      }
      raw = (req.headers['dropbox-api-arg'] as string | undefined) ?? new URL(req.url!, base).searchParams.get('arg') ?? undefined;
      if (raw === undefined) throw badRequest(route, 'Must provide HTTP header "Dropbox-API-Arg" or URL parameter "arg".');
      if (/[^\x20-\x7e]/.test(raw)) throw badRequest(route, 'HTTP header "Dropbox-API-Arg": could not decode input as JSON');
    } else if (body.length > 0) {
      if (!RPC_TYPES.includes(type)) {
        throw badRequest(route, `Bad HTTP "Content-Type" header: "${type}".  Expecting one of "application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".`);
      }
      raw = body.toString('utf8');
    }
    let arg: Record<string, unknown> = {};
    if (raw !== undefined && raw !== 'null') {
      try {
        arg = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        throw badRequest(route, `${spec.style === 'upload' ? 'HTTP header "Dropbox-API-Arg"' : 'request body'}: could not decode input as JSON`);
      }
      if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) throw badRequest(route, 'request body: expected object');
    }
    const where = spec.style === 'upload' ? 'HTTP header "Dropbox-API-Arg"' : 'request body';
    for (const key of Object.keys(arg)) if (!spec.required.includes(key) && !spec.optional.includes(key)) throw badRequest(route, `${where}: unknown field '${key}'`);
    for (const key of spec.required) if (!(key in arg)) throw badRequest(route, `${where}: missing required field '${key}'`);
    const result = spec.handle({
      route,
      arg,
      body: spec.style === 'upload' ? body : Buffer.alloc(0),
      store,
      now: now(),
      accountType,
      linkShape: options.linkMetadata ?? 'legacy',
      teamPolicy: options.teamPolicy ?? 'none',
      linkUrl: (link) => {
        const file = link.kind === 'file' ? store.files.get(link.pathLower) : undefined;
        const seg = file ? encodeURIComponent(file.pathDisplay.split('/').pop()!) : link.seg;
        return `${linkBase()}/scl/${link.kind === 'file' ? 'fi' : 'fo'}/${link.linkId}/${seg}?rlkey=${link.rlkey}&dl=0`;
      },
      revokeToken: () => revokeGrant(store, grant),
      account,
    });
    if (fault?.kind === 'lost-response') {
      // Applied, but the client never hears back: its retry must cope (e.g. incorrect_offset).
      req.socket.destroy();
      return 0;
    }
    send(res, 200, result === null ? null : (result as object));
    return 200;
  }

  function applyFault(res: ServerResponse, fault: FaultRule, route: string): number {
    const retryAfter = String(fault.retryAfter ?? 1);
    switch (fault.kind) {
      case '429-json':
        send(res, 429, { error_summary: 'too_many_requests/..', error: { reason: { '.tag': 'too_many_requests' }, retry_after: Number(retryAfter) } }, { 'retry-after': retryAfter });
        return 429;
      case '429-text':
        send(res, 429, 'Too many requests', { 'retry-after': retryAfter });
        return 429;
      case '409-too-many-writes':
        send(res, 409, { error_summary: 'path/too_many_write_operations/...', error: { '.tag': 'path', reason: { '.tag': 'too_many_write_operations' } } });
        return 409;
      case '500':
      case '503':
        send(res, Number(fault.kind), fault.kind === '500' ? 'Internal Server Error' : 'Service Unavailable');
        return Number(fault.kind);
      case 'expired-token': {
        const e = authError('expired_access_token');
        send(res, e.status, e.body, e.headers);
        return 401;
      }
      case 'drop-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"name":"trunc');
        res.socket?.destroy();
        return 0;
      default:
        res.socket?.destroy();
        void route;
        return 0;
    }
  }

  const passwordGate = createPasswordGate(store);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    let route = path.replace(/^\/2\//, '');
    let status: number;
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      if (path === '/oauth2/authorize' && req.method === 'GET') {
        route = 'oauth2/authorize';
        authorize(url, res, store, oauth);
        status = res.statusCode;
      } else if (path === '/oauth2/token') {
        route = 'oauth2/token';
        token(req, url, await readBody(req), res, store, oauth);
        status = res.statusCode;
      } else if (path.startsWith('/2/')) {
        const spec = ROUTES[route];
        if (!spec) {
          await readBody(req);
          send(res, 404, `Unknown API function: "${route}"`);
          status = 404;
        } else {
          status = await handleApi(req, res, route, spec);
        }
      } else if (path === PASSWORD_FORM_PATH && req.method === 'POST') {
        route = 'sm/password';
        passwordGate.handleForm(req, url, await readBody(req), res);
        status = res.statusCode;
      } else if (req.method === 'GET' && servePublic(url, res, { store, misbehave, now, downloadBase, loginUrl: () => `${options.linkBase === 'loopback' ? base : 'https://www.dropbox.com'}/login`, deadLinks: options.deadLinks ?? 'html-200', throttle, folder: options.folderLink, unlocked: passwordGate.unlockedBy(req) })) {
        route = path.split('/').slice(0, 3).join('/');
        status = res.statusCode;
      } else {
        send(res, 404, 'Not Found');
        status = 404;
      }
    } catch (error) {
      if (error instanceof WireError) {
        send(res, error.status, error.body, error.headers);
        status = error.status;
      } else {
        send(res, 500, 'Internal Server Error');
        status = 500;
        console.error('dropbox emulator:', error);
      }
    }
    requests.push({ method: req.method ?? '', host: String(req.headers[ORIGINAL_HOST_HEADER] ?? req.headers.host ?? ''), route, status });
  }

  const server = createServer((req, res) => void handle(req, res));
  const listening = await listenLoopback(server, options);
  const port = listening.port;
  base = listening.url;
  // A port of its own for test logins (53682 may be busy on this machine), registered like the README's.
  const oauthPort = await freeLoopbackPort();
  oauth.redirectUris.push(`http://127.0.0.1:${oauthPort}/callback`);

  function issueRefreshToken({ scopes }: { scopes?: string[] } = {}): string {
    const refresh = issueRefresh(store, appKey, scopes ?? ALL_SCOPES, true);
    issueAccess(store, refresh, oauth);
    return refresh.token;
  }

  return {
    url: base,
    port,
    appKey,
    requests,
    faults,
    misbehave: {
      linkServesWrongBytes: (p) => void misbehave.wrongBytes.add(p.toLowerCase()),
      linkRequiresLogin: (p) => void misbehave.requireLogin.add(p.toLowerCase()),
      linkReturnsNotFound: (p) => void misbehave.notFound.add(p.toLowerCase()),
      allLinksServeWrongBytes: () => void (misbehave.allWrongBytes = true),
      photoLinksServeWrongBytes: () => void (misbehave.inlineWrongBytes = true),
      reset: () => {
        misbehave.wrongBytes.clear();
        misbehave.requireLogin.clear();
        misbehave.notFound.clear();
        misbehave.allWrongBytes = false;
        misbehave.inlineWrongBytes = false;
      },
    },
    issueRefreshToken,
    registerRedirectUri: (uri) => void oauth.redirectUris.push(uri),
    oauthPort,
    dmdropEnv: ({ signedIn = true } = {}) => ({
      DMDROP_DROPBOX_ENDPOINT: base,
      DMDROP_DROPBOX_APP_KEY: appKey,
      ...(signedIn ? { DMDROP_DROPBOX_REFRESH_TOKEN: issueRefreshToken() } : { DMDROP_OAUTH_PORT: String(oauthPort) }),
    }),
    files: () =>
      [...store.files.values()].map((f) => ({
        provider: 'dropbox' as const,
        path: f.pathDisplay,
        size: f.data.length,
        sha256: createHash('sha256').update(f.data).digest('hex'),
        contentHash: f.contentHash,
      })),
    fileContents: () => [...store.files.values()].map((f) => f.data),
    expireAccessTokens: () => {
      for (const grant of store.accessTokens.values()) grant.expiresAt = 0;
    },
    revokeAllTokens: () => {
      for (const grant of store.refreshTokens.values()) grant.revoked = true;
      for (const grant of store.accessTokens.values()) grant.revoked = true;
    },
    setQuota: (bytes) => void (store.quotaBytes = bytes),
    networkGone: listening.close,
    networkBack: listening.listenAgain,
    close: listening.close,
  };
}

export { headerSafeJson };

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
