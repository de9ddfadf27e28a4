// Google OAuth 2 for installed apps (shared/contracts/google-drive.md §2): the consent page
// (auto-approved), the token endpoint (authorization_code with PKCE S256 bound to its redirect_uri,
// refresh_token), revocation, and the bearer check every Drive call makes. "Testing" consent screens
// end refresh tokens after 7 days: `refreshTokenLifetimeSec` on the emulator's clock.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DRIVE_FILE_SCOPE, type AccessGrant, type DriveStore, type RefreshGrant } from './store';
import { googleError, send } from './wire';

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accessTokenLifetimeSec: number;
  refreshTokenLifetimeSec?: number;
  now: () => number;
}

const token = (prefix: string) => prefix + randomBytes(48).toString('base64url');

export function issueRefresh(store: DriveStore, config: OAuthConfig, scopes: string[]): RefreshGrant {
  const grant: RefreshGrant = { token: token('1//0g'), clientId: config.clientId, scopes, revoked: false, issuedAt: config.now() };
  store.refreshTokens.set(grant.token, grant);
  return grant;
}

function issueAccess(store: DriveStore, config: OAuthConfig, scopes: string[], refresh?: RefreshGrant): AccessGrant {
  const grant: AccessGrant = { token: token('ya29.a0'), refresh, clientId: config.clientId, scopes, expiresAt: config.now() + config.accessTokenLifetimeSec * 1000, revoked: false };
  store.accessTokens.set(grant.token, grant);
  return grant;
}

export function authorize(url: URL, res: ServerResponse, store: DriveStore, config: OAuthConfig) {
  const q = url.searchParams;
  const page = (status: number, text: string) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Google Accounts</title><p>${text}</p>`);
  if (q.get('client_id') !== config.clientId) return page(401, 'Error 401: invalid_client. The OAuth client was not found.');
  if (q.get('response_type') !== 'code') return page(400, 'Error 400: unsupported_response_type');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//.test(redirectUri)) return page(400, 'Error 400: redirect_uri_mismatch');
  const method = q.get('code_challenge_method') ?? undefined;
  if (q.get('code_challenge') && method !== 'S256' && method !== 'plain') return page(400, 'Error 400: invalid_request (code_challenge_method)');
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) return page(400, 'Error 400: invalid_request. Missing required parameter: scope');
  const code = `4/0A${randomBytes(32).toString('base64url')}`;
  store.codes.set(code, { code, clientId: config.clientId, redirectUri, challenge: q.get('code_challenge') ?? undefined, method, scopes, offline: q.get('access_type') === 'offline', used: false });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('scope', scopes.join(' '));
  if (q.get('state')) target.searchParams.set('state', q.get('state')!);
  res.writeHead(302, { location: target.toString() }).end();
}

export function tokenEndpoint(req: IncomingMessage, body: Buffer, res: ServerResponse, store: DriveStore, config: OAuthConfig) {
  const params = new URLSearchParams((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? body.toString('utf8') : '');
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    params.set('client_id', decodeURIComponent(id ?? ''));
    params.set('client_secret', decodeURIComponent(secret ?? ''));
  }
  const fail = (status: number, error: string, description: string) => send(res, status, { error, error_description: description });
  if (params.get('client_id') !== config.clientId) return fail(401, 'invalid_client', 'The OAuth client was not found.');
  if (params.get('client_secret') !== config.clientSecret) return fail(401, 'invalid_client', 'Unauthorized');
  const grantType = params.get('grant_type');
  if (grantType === 'authorization_code') {
    const code = store.codes.get(params.get('code') ?? '');
    if (!code || code.used) return fail(400, 'invalid_grant', 'Malformed auth code.');
    code.used = true;
    if (params.get('redirect_uri') !== code.redirectUri) return fail(400, 'redirect_uri_mismatch', 'Bad Request');
    if (code.challenge) {
      const verifier = params.get('code_verifier') ?? '';
      const computed = code.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
      if (computed !== code.challenge) return fail(400, 'invalid_grant', 'Invalid code verifier.');
    }
    const refresh = code.offline ? issueRefresh(store, config, code.scopes) : undefined;
    const access = issueAccess(store, config, code.scopes, refresh);
    return send(res, 200, {
      access_token: access.token,
      expires_in: config.accessTokenLifetimeSec,
      ...(refresh ? { refresh_token: refresh.token } : {}),
      scope: code.scopes.join(' '),
      token_type: 'Bearer',
      ...(config.refreshTokenLifetimeSec && refresh ? { refresh_token_expires_in: config.refreshTokenLifetimeSec } : {}),
    });
  }
  if (grantType === 'refresh_token') {
    const refresh = store.refreshTokens.get(params.get('refresh_token') ?? '');
    const expired = refresh && config.refreshTokenLifetimeSec !== undefined && config.now() - refresh.issuedAt > config.refreshTokenLifetimeSec * 1000;
    if (!refresh || refresh.revoked || expired) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
    const access = issueAccess(store, config, refresh.scopes, refresh);
    return send(res, 200, { access_token: access.token, expires_in: config.accessTokenLifetimeSec, scope: refresh.scopes.join(' '), token_type: 'Bearer' });
  }
  return fail(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
}

export function revokeEndpoint(url: URL, body: Buffer, res: ServerResponse, store: DriveStore) {
  const value = url.searchParams.get('token') ?? new URLSearchParams(body.toString('utf8')).get('token') ?? '';
  const access = store.accessTokens.get(value);
  const refresh = store.refreshTokens.get(value) ?? access?.refresh;
  if (!access && !refresh) return send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
  // Revoking either token ends the whole grant.
  if (refresh) refresh.revoked = true;
  for (const grant of store.accessTokens.values()) if (grant === access || (refresh && grant.refresh === refresh)) grant.revoked = true;
  send(res, 200, {});
}

export function tokenInfo(url: URL, res: ServerResponse, store: DriveStore, config: OAuthConfig) {
  const grant = store.accessTokens.get(url.searchParams.get('access_token') ?? '');
  if (!grant || grant.revoked || grant.expiresAt <= config.now()) return send(res, 400, { error: 'invalid_token', error_description: 'Invalid Value' });
  send(res, 200, { azp: grant.clientId, aud: grant.clientId, scope: grant.scopes.join(' '), exp: String(Math.floor(grant.expiresAt / 1000)), expires_in: String(Math.floor((grant.expiresAt - config.now()) / 1000)), access_type: grant.refresh ? 'offline' : 'online' });
}

const UNAUTHENTICATED = { status: 'UNAUTHENTICATED', headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } };

/** The bearer check of every Drive call: 401 for missing/dead tokens, 403 without drive.file. */
export function authenticate(req: IncomingMessage, store: DriveStore, config: OAuthConfig): AccessGrant {
  const header = req.headers.authorization;
  if (!header) {
    throw googleError(401, 'required', 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', { location: 'Authorization', locationType: 'header', ...UNAUTHENTICATED });
  }
  const grant = store.accessTokens.get(/^Bearer (.+)$/i.exec(header)?.[1] ?? '');
  if (!grant || grant.revoked || grant.expiresAt <= config.now() || grant.refresh?.revoked) {
    throw googleError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', { location: 'Authorization', locationType: 'header', ...UNAUTHENTICATED });
  }
  if (!grant.scopes.includes(DRIVE_FILE_SCOPE) && !grant.scopes.includes('https://www.googleapis.com/auth/drive')) {
    throw googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', { status: 'PERMISSION_DENIED' });
  }
  return grant;
}

export { issueAccess };
