// A loopback emulator of the Google Drive API v3 and Google OAuth, faithful to the real services
// for everything DM Drop does (shared/contracts/google-drive.md). One port serves the API and
// upload paths at its root (www.googleapis.com), the token endpoint (oauth2.googleapis.com), the
// consent page (accounts.google.com) and the anonymous link hosts (drive.google.com,
// drive.usercontent.google.com): their paths do not collide.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback } from '../listen';
import { FaultSet, type FaultRule } from '../faults';
import { handleApi, putSession, routeOf, type ApiContext } from './api';
import { authenticate, authorize, issueAccess, issueRefresh, revokeEndpoint, tokenEndpoint, tokenInfo, type OAuthConfig } from './oauth';
import type { DrivePageOptions } from './folder-page';
import { publicRouteOf, servePublic } from './public-links';
import { DRIVE_FILE_SCOPE, DriveStore } from './store';
import { WireError, googleError, readBody, send } from './wire';

export const DRIVE_FAULT_KINDS = [
  '403-user-rate-limit',
  '403-rate-limit',
  '429',
  '500',
  '503',
  'drop-before-response',
  'drop-mid-chunk',
  'auth-error',
  'lost-response',
] as const;
export type DriveFaultKind = (typeof DRIVE_FAULT_KINDS)[number];
const RANDOM_MIX: DriveFaultKind[] = ['403-user-rate-limit', '429', '500', '503', 'drop-before-response', 'drop-mid-chunk'];

export class DriveFaults extends FaultSet<DriveFaultKind> {
  constructor() {
    super(RANDOM_MIX);
  }
}

export interface DriveEmulatorOptions {
  port?: number;
  host?: string;
  /** 'real': links look like https://drive.google.com/…; 'loopback': http://127.0.0.1:PORT/… */
  linkBase?: 'real' | 'loopback';
  clientId?: string;
  clientSecret?: string;
  accessTokenLifetimeSec?: number;
  /** Set to 7 days to play a consent screen left in "Testing" status. */
  refreshTokenLifetimeSec?: number;
  quotaBytes?: number;
  latencyMs?: number;
  bandwidthKbps?: number;
  now?: () => number;
  /** The anonymous pages' shapes (folder page, browser check, virus-scan warning); defaults are the real ones. */
  pages?: DrivePageOptions;
  /**
   * How long strangers are still served after an `anyone` permission is deleted (undocumented;
   * default 0, the `drive-permission-lag` variant sets seconds).
   */
  permissionLagMs?: number;
  /** An organisation policy that refuses "anyone with the link" permissions (default: none). */
  sharingPolicy?: 'none' | 'domain-forbids-anyone' | 'shared-drive-refuses-anyone';
  /**
   * What a stranger gets from the photo form `uc?export=view`: the photo (default), or Drive's
   * viewer page instead of the image (variant drive-photo-form-page).
   */
  photoForm?: 'photo' | 'page';
}

export interface DriveStoredFile {
  provider: 'drive';
  /** `DM Drop/Weekend/photo.jpg`: the folder chain below My Drive. */
  path: string;
  size: number;
  sha256: string;
  id: string;
  md5Checksum: string;
  trashed: boolean;
  public: boolean;
}

export interface DriveEmulator {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  requests: { method: string; route: string; status: number }[];
  faults: DriveFaults;
  misbehave: {
    /** Every anonymous download serves one wrong byte (a check through the links must fail). */
    allLinksServeWrongBytes(): void;
    /** Only the photo form (export=view, shown inline) serves one wrong byte; export=download stays right. */
    photoLinksServeWrongBytes(): void;
    reset(): void;
  };
  issueRefreshToken(options?: { scopes?: string[] }): string;
  /** The variables that point DM Drop at this emulator, signed in with a fresh refresh token unless `signedIn: false`. */
  dmdropEnv(options?: { signedIn?: boolean }): Record<string, string>;
  /** Stored files (folders excluded). */
  files(): DriveStoredFile[];
  fileContents(): Buffer[];
  expireAccessTokens(): void;
  revokeAllTokens(): void;
  close(): Promise<void>;
}

export async function startDriveEmulator(options: DriveEmulatorOptions = {}): Promise<DriveEmulator> {
  const now = options.now ?? Date.now;
  const store = new DriveStore(now);
  store.quotaBytes = options.quotaBytes ?? Infinity;
  store.permissionLagMs = options.permissionLagMs ?? 0;
  store.sharingPolicy = options.sharingPolicy ?? 'none';
  const faults = new DriveFaults();
  let wrongBytes = false;
  let photoWrongBytes = false;
  const requests: DriveEmulator['requests'] = [];
  const oauth: OAuthConfig = {
    clientId: options.clientId ?? 'dmdrop-emulator.apps.googleusercontent.com',
    clientSecret: options.clientSecret ?? 'GOCSPX-emulator',
    accessTokenLifetimeSec: options.accessTokenLifetimeSec ?? 3599,
    refreshTokenLifetimeSec: options.refreshTokenLifetimeSec,
    now,
  };
  let base = '';
  const real = options.linkBase !== 'loopback';
  const bases = () => ({
    driveBase: real ? 'https://drive.google.com' : base,
    usercontentBase: real ? 'https://drive.usercontent.google.com' : base,
    accountsBase: real ? 'https://accounts.google.com' : base,
  });

  function applyFault(res: ServerResponse, rule: FaultRule<DriveFaultKind>): number {
    const fail = (error: WireError) => (send(res, error.status, error.body, error.headers), error.status);
    switch (rule.kind) {
      case '403-user-rate-limit':
        return fail(googleError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded', { domain: 'usageLimits' }));
      case '403-rate-limit':
        return fail(googleError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' }));
      case '429':
        return fail(googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits', status: 'RESOURCE_EXHAUSTED' }));
      case '500':
        return fail(googleError(500, 'backendError', 'Internal Error'));
      case '503':
        return fail(googleError(503, 'backendError', 'Service Unavailable', { status: 'UNAVAILABLE' }));
      case 'auth-error':
        return fail(googleError(401, 'authError', 'Request had invalid authentication credentials.', { location: 'Authorization', locationType: 'header', status: 'UNAUTHENTICATED' }));
      default:
        res.socket?.destroy();
        return 0;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ route: string; status: number }> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const body = await readBody(req);
    if (url.pathname === '/o/oauth2/v2/auth' && method === 'GET') {
      authorize(url, res, store, oauth);
      return { route: 'oauth.authorize', status: res.statusCode };
    }
    if (url.pathname === '/token' && method === 'POST') {
      const rule = faults.take('oauth.token', { randomAllowed: false });
      if (rule) return { route: 'oauth.token', status: applyFault(res, rule) };
      tokenEndpoint(req, body, res, store, oauth);
      return { route: 'oauth.token', status: res.statusCode };
    }
    if (url.pathname === '/revoke' && method === 'POST') {
      revokeEndpoint(url, body, res, store);
      return { route: 'oauth.revoke', status: res.statusCode };
    }
    if (url.pathname === '/tokeninfo') {
      tokenInfo(url, res, store, oauth);
      return { route: 'oauth.tokeninfo', status: res.statusCode };
    }
    const publicRoute = method === 'GET' ? publicRouteOf(url.pathname) : undefined;
    if (publicRoute) {
      servePublic(publicRoute, url, res, { store, ...bases(), bandwidthKbps: options.bandwidthKbps, userAgent: req.headers['user-agent'], pages: options.pages, wrongBytes, photoWrongBytes, photoForm: options.photoForm });
      return { route: publicRoute, status: res.statusCode };
    }
    const route = routeOf(method, url.pathname, url);
    if (!route) {
      send(res, 404, 'Not Found');
      return { route: `${method} ${url.pathname}`, status: 404 };
    }
    const rule = faults.take(route);
    if (rule && rule.kind !== 'lost-response' && rule.kind !== 'drop-mid-chunk') return { route, status: applyFault(res, rule) };
    const ctx: ApiContext = { req, res, url, body, clientId: oauth.clientId, store, linkBase: bases().driveBase, base };
    if (route === 'upload.resumable.put') {
      // A session URI is its own credential (Google does not require the bearer token on it).
      if (rule?.kind === 'drop-mid-chunk') {
        const half = Math.floor(body.length / 2 / 262_144) * 262_144;
        putSession(ctx, half);
        req.socket.destroy();
        return { route, status: 0 };
      }
      if (rule?.kind === 'lost-response') return lose(req, route, () => putSession({ ...ctx, res: blackhole(res) }));
      putSession(ctx);
      return { route, status: res.statusCode };
    }
    const grant = authenticate(req, store, oauth);
    ctx.clientId = grant.clientId;
    if (rule?.kind === 'lost-response') return lose(req, route, () => handleApi(route, { ...ctx, res: blackhole(res) }));
    handleApi(route, ctx);
    return { route, status: res.statusCode };
  }

  /** Applies the request but never answers: the client's retry must cope. */
  function lose(req: IncomingMessage, route: string, apply: () => unknown) {
    apply();
    req.socket.destroy();
    return { route, status: 0 };
  }

  const server = createServer((req, res) => {
    handle(req, res).then(
      (entry) => requests.push({ method: req.method ?? '', ...entry }),
      (error: unknown) => {
        const route = routeOf(req.method ?? '', new URL(req.url ?? '/', base).pathname, new URL(req.url ?? '/', base)) ?? req.url ?? '';
        if (error instanceof WireError) {
          if (!res.headersSent) send(res, error.status, error.body, error.headers);
          requests.push({ method: req.method ?? '', route, status: error.status });
        } else {
          console.error('drive emulator:', error);
          if (!res.headersSent) send(res, 500, { error: { code: 500, message: 'Internal Error', errors: [{ domain: 'global', reason: 'backendError', message: 'Internal Error' }] } });
          requests.push({ method: req.method ?? '', route, status: 500 });
        }
      },
    );
  });
  const listening = await listenLoopback(server, options);
  const port = listening.port;
  base = listening.url;

  function issueRefreshToken({ scopes }: { scopes?: string[] } = {}): string {
    const refresh = issueRefresh(store, oauth, scopes ?? [DRIVE_FILE_SCOPE]);
    issueAccess(store, oauth, refresh.scopes, refresh);
    return refresh.token;
  }

  return {
    url: base,
    port,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    requests,
    faults,
    misbehave: {
      allLinksServeWrongBytes: () => void (wrongBytes = true),
      photoLinksServeWrongBytes: () => void (photoWrongBytes = true),
      reset: () => void ((wrongBytes = false), (photoWrongBytes = false)),
    },
    issueRefreshToken,
    dmdropEnv: ({ signedIn = true } = {}) => ({
      DMDROP_DRIVE_ENDPOINT: base,
      DMDROP_DRIVE_CLIENT_ID: oauth.clientId,
      DMDROP_DRIVE_CLIENT_SECRET: oauth.clientSecret,
      ...(signedIn ? { DMDROP_DRIVE_REFRESH_TOKEN: issueRefreshToken() } : {}),
    }),
    files: () =>
      [...store.files.values()]
        .filter((f) => f.mimeType !== 'application/vnd.google-apps.folder')
        .map((f) => ({
          provider: 'drive' as const,
          path: store.pathOf(f),
          size: f.data.length,
          sha256: createHash('sha256').update(f.data).digest('hex'),
          id: f.id,
          md5Checksum: createHash('md5').update(f.data).digest('hex'),
          trashed: store.isTrashed(f),
          public: store.isPublic(f),
        })),
    fileContents: () => [...store.files.values()].filter((f) => f.data.length > 0).map((f) => f.data),
    expireAccessTokens: () => {
      for (const grant of store.accessTokens.values()) grant.expiresAt = 0;
    },
    revokeAllTokens: () => {
      for (const grant of store.refreshTokens.values()) grant.revoked = true;
      for (const grant of store.accessTokens.values()) grant.revoked = true;
    },
    close: listening.close,
  };
}

/** A response that swallows what is written to it (for "lost response" faults). */
function blackhole(res: ServerResponse): ServerResponse {
  return new Proxy(res, {
    get(target, prop) {
      if (prop === 'writeHead' || prop === 'end' || prop === 'write' || prop === 'setHeader') return () => target;
      return Reflect.get(target, prop) as unknown;
    },
  });
}
