// OAuth 2 as Dropbox runs it for PKCE desktop apps: /oauth2/authorize (auto-approved here) and
// /oauth2/token (authorization_code with S256 verification, refresh_token), plus the bearer check
// every API route makes.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ALL_SCOPES, type AccessGrant, type DropboxStore, type RefreshGrant } from './store';
import { WireError, authError, badRequest, randomId, send } from './wire';

export interface OAuthConfig {
  appKey: string;
  accessTokenLifetimeSec: number;
  now: () => number;
  accountId: string;
  /** Redirect URIs registered in the App Console. */
  redirectUris: string[];
  redirectMatch: 'exact' | 'loopback-any-port';
}

/**
 * Dropbox compares redirect_uri with the registered ones exactly, path and port included
 * (docs: "must exactly match one of the redirect URIs you've pre-configured"). Whether a loopback
 * URI's port is ignored is not documented: `loopback-any-port` models that answer.
 */
export function redirectAllowed(uri: string, config: Pick<OAuthConfig, 'redirectUris' | 'redirectMatch'>): boolean {
  if (config.redirectUris.includes(uri)) return true;
  if (config.redirectMatch !== 'loopback-any-port') return false;
  const portless = (u: string) => {
    try {
      const parsed = new URL(u);
      if (parsed.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return undefined;
      return `${parsed.protocol}//${parsed.hostname}${parsed.pathname}`;
    } catch {
      return undefined;
    }
  };
  const wanted = portless(uri);
  return wanted !== undefined && config.redirectUris.some((r) => portless(r) === wanted);
}

export function issueRefresh(store: DropboxStore, clientId: string, scopes: string[], pkce: boolean): RefreshGrant {
  const grant: RefreshGrant = { token: randomId(48), clientId, scopes, revoked: false, pkce };
  store.refreshTokens.set(grant.token, grant);
  return grant;
}

export function issueAccess(store: DropboxStore, refresh: RefreshGrant, config: OAuthConfig): AccessGrant {
  const grant: AccessGrant = {
    token: `sl.u.${randomId(96)}`,
    refresh,
    expiresAt: config.now() + config.accessTokenLifetimeSec * 1000,
    revoked: false,
  };
  store.accessTokens.set(grant.token, grant);
  return grant;
}

export function authorize(url: URL, res: ServerResponse, store: DropboxStore, config: OAuthConfig) {
  const q = url.searchParams;
  const page = (status: number, text: string) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Dropbox</title><p>${text}</p>`);
  if (q.get('client_id') !== config.appKey) return page(400, 'Invalid client_id.');
  if (q.get('response_type') !== 'code') return page(400, 'Unsupported response_type.');
  const redirectUri = q.get('redirect_uri');
  if (!redirectUri || !redirectAllowed(redirectUri, config)) {
    return page(400, 'Invalid redirect_uri. It must exactly match one of the redirect URIs you’ve pre-configured for your app (including the path).');
  }
  const challenge = q.get('code_challenge') ?? undefined;
  if (challenge && q.get('code_challenge_method') !== 'S256' && q.get('code_challenge_method') !== 'plain') return page(400, 'Invalid code_challenge_method.');
  const scopes = (q.get('scope') ?? ALL_SCOPES.join(' ')).split(/[ +]/).filter(Boolean);
  const code = randomId(32);
  store.codes.set(code, { code, clientId: config.appKey, redirectUri, challenge, scopes, used: false, offline: q.get('token_access_type') === 'offline' });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  if (q.get('state')) target.searchParams.set('state', q.get('state')!);
  res.writeHead(302, { location: target.toString() }).end();
}

export function token(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse, store: DropboxStore, config: OAuthConfig) {
  // Parameters may come in the query string (the JS SDK), a form body (curl, other SDKs) or Basic auth.
  const params = new URLSearchParams(url.search);
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && body.length) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  }
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) params.set('client_id', Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0]!);
  const fail = (error: string, description: string) => send(res, 400, { error, error_description: description });
  if (params.get('client_id') !== config.appKey) return fail('invalid_client', 'Invalid client_id or client_secret');

  if (params.get('grant_type') === 'authorization_code') {
    const code = store.codes.get(params.get('code') ?? '');
    if (!code || code.used) return fail('invalid_grant', 'code doesn\'t exist or has expired');
    code.used = true;
    if (code.redirectUri !== params.get('redirect_uri')) return fail('invalid_grant', 'redirect_uri mismatch');
    if (code.challenge) {
      const verifier = params.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return fail('invalid_grant', 'invalid code verifier');
    }
    const refresh = issueRefresh(store, config.appKey, code.scopes, Boolean(code.challenge));
    const access = issueAccess(store, refresh, config);
    return send(res, 200, {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: config.accessTokenLifetimeSec,
      ...(code.offline ? { refresh_token: refresh.token } : {}),
      scope: code.scopes.join(' '),
      uid: '12345678',
      account_id: config.accountId,
    });
  }
  if (params.get('grant_type') === 'refresh_token') {
    const refresh = store.refreshTokens.get(params.get('refresh_token') ?? '');
    if (!refresh || refresh.revoked) return fail('invalid_grant', 'refresh token is invalid or revoked');
    const access = issueAccess(store, refresh, config);
    return send(res, 200, { access_token: access.token, token_type: 'bearer', expires_in: config.accessTokenLifetimeSec });
  }
  return fail('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}

/** The bearer check: 400 text for missing or malformed headers, 401 JSON for bad tokens. */
export function authenticate(req: IncomingMessage, route: string, scope: string | undefined, store: DropboxStore, now: number): AccessGrant {
  const header = req.headers.authorization;
  if (!header) throw badRequest(route, 'Must provide HTTP header "Authorization" or URL parameter "authorization".');
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) throw badRequest(route, `Invalid authorization value in HTTP header "Authorization": "${header.slice(0, 20)}".  Expecting "Bearer <oauth2-access-token>".`);
  if (!/^sl\.[A-Za-z0-9._-]+$/.test(match[1]!)) throw badRequest(route, 'The given OAuth 2 access token is malformed.');
  const grant = store.accessTokens.get(match[1]!);
  if (!grant || grant.revoked || grant.refresh.revoked) throw authError('invalid_access_token');
  if (grant.expiresAt <= now) throw authError('expired_access_token');
  if (scope && !grant.refresh.scopes.includes(scope)) throw authError('missing_scope', { required_scope: scope });
  return grant;
}

export function revokeGrant(store: DropboxStore, grant: AccessGrant) {
  grant.refresh.revoked = true;
  for (const access of store.accessTokens.values()) if (access.refresh === grant.refresh) access.revoked = true;
}

export { WireError };
