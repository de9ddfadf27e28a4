// Google OAuth 2 for an installed (desktop) app: the consent page (auto-approved), the token
// endpoint (authorization_code + PKCE S256, refresh_token), revocation, tokeninfo, and the bearer
// check every Drive call makes. Errors follow RFC 6749 §5.2 as Google words them (contract §2).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DRIVE_FILE_SCOPE, type AccessGrant, type DriveStore, type RefreshGrant } from './store';
import { googleError, randomId, send } from './wire';

export interface OAuthConfig {
  clientId: string;
  /** Empty string = a client without a secret (then none is checked). */
  clientSecret: string;
  accessTokenLifetimeSec: number;
  /** undefined = refresh tokens never expire; "Testing" publishing status = 7 days. */
  refreshTokenLifetimeSec: number | undefined;
  now: () => number;
}

export function issueRefresh(store: DriveStore, config: OAuthConfig, scopes: string[]): RefreshGrant {
  const grant: RefreshGrant = { token: `1//0${randomId(70)}`, clientId: config.clientId, scopes, issuedAt: config.now(), revoked: false };
  store.refreshTokens.set(grant.token, grant);
  return grant;
}

export function issueAccess(store: DriveStore, refresh: RefreshGrant, config: OAuthConfig): AccessGrant {
  const grant: AccessGrant = { token: `ya29.a0${randomId(120)}`, refresh, expiresAt: config.now() + config.accessTokenLifetimeSec * 1000, revoked: false };
  store.accessTokens.set(grant.token, grant);
  return grant;
}

function refreshExpired(grant: RefreshGrant, config: OAuthConfig): boolean {
  return config.refreshTokenLifetimeSec !== undefined && config.now() - grant.issuedAt >= config.refreshTokenLifetimeSec * 1000;
}

/** Loopback redirect URIs an installed app may use without registering the port. */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d{1,5})?(\/[^#]*)?$/;

export function authorize(url: URL, res: ServerResponse, store: DriveStore, config: OAuthConfig) {
  const q = url.searchParams;
  const page = (status: number, text: string) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Sign in - Google Accounts</title><p>${text}</p>`);
  if (q.get('client_id') !== config.clientId) return page(401, 'Error 401: invalid_client. The OAuth client was not found.');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!LOOPBACK.test(redirectUri)) return page(400, 'Error 400: redirect_uri_mismatch');
  if (q.get('response_type') !== 'code') return page(400, 'Error 400: invalid_request. Invalid response_type.');
  const scope = q.get('scope');
  if (!scope) return page(400, 'Error 400: invalid_request. Missing required parameter: scope');
  // PKCE is required here (the app always sends it); Google itself would also take `plain`.
  const challenge = q.get('code_challenge');
  if (!challenge || q.get('code_challenge_method') !== 'S256') return page(400, 'Error 400: invalid_request. code_challenge_method must be S256.');
  const scopes = scope.split(/[ +]/).filter(Boolean);
  const code = `4/0A${randomId(50)}`;
  store.codes.set(code, { code, clientId: config.clientId, redirectUri, challenge, scopes, offline: q.get('access_type') === 'offline', used: false });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('scope', scopes.join(' '));
  const state = q.get('state');
  if (state !== null) target.searchParams.set('state', state);
  res.writeHead(302, { location: target.toString() }).end();
}

function formParams(req: IncomingMessage, url: URL, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(url.search);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length && (type.startsWith('application/x-www-form-urlencoded') || type === '')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  } else if (body.length && type.startsWith('application/json')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(body.toString('utf8')) as Record<string, unknown>)) params.set(k, String(v));
    } catch {
      /* left to the checks below */
    }
  }
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    if (id) params.set('client_id', decodeURIComponent(id));
    if (secret !== undefined) params.set('client_secret', decodeURIComponent(secret));
  }
  return params;
}

const INVALID_GRANT = { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' };

export function token(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse, store: DriveStore, config: OAuthConfig): number {
  const params = formParams(req, url, body);
  const reply = (status: number, payload: object) => (send(res, status, payload, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' }), status);
  if (params.get('client_id') !== config.clientId) return reply(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
  if (config.clientSecret) {
    const secret = params.get('client_secret');
    if (secret === null) return reply(400, { error: 'invalid_request', error_description: 'client_secret is missing.' });
    if (secret !== config.clientSecret) return reply(401, { error: 'invalid_client', error_description: 'Unauthorized' });
  }
  const grantType = params.get('grant_type');
  if (grantType === 'authorization_code') {
    const code = store.codes.get(params.get('code') ?? '');
    if (!code || code.used) return reply(400, { error: 'invalid_grant', error_description: 'Bad Request' });
    code.used = true; // single use, even when the rest of the exchange fails
    if (code.redirectUri !== params.get('redirect_uri')) return reply(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
    const verifier = params.get('code_verifier');
    if (!verifier) return reply(400, { error: 'invalid_grant', error_description: 'Missing code verifier.' });
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return reply(400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    const refresh = issueRefresh(store, config, code.scopes);
    const access = issueAccess(store, refresh, config);
    return reply(200, {
      access_token: access.token,
      expires_in: config.accessTokenLifetimeSec,
      ...(code.offline ? { refresh_token: refresh.token } : {}),
      ...(code.offline && config.refreshTokenLifetimeSec !== undefined ? { refresh_token_expires_in: config.refreshTokenLifetimeSec } : {}),
      scope: code.scopes.join(' '),
      token_type: 'Bearer',
    });
  }
  if (grantType === 'refresh_token') {
    const refresh = store.refreshTokens.get(params.get('refresh_token') ?? '');
    if (!refresh || refresh.revoked || refresh.clientId !== config.clientId || refreshExpired(refresh, config)) return reply(400, INVALID_GRANT);
    const access = issueAccess(store, refresh, config);
    return reply(200, { access_token: access.token, expires_in: config.accessTokenLifetimeSec, scope: refresh.scopes.join(' '), token_type: 'Bearer' });
  }
  return reply(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType ?? ''}` });
}

/** Revoking either token of a grant revokes both (the whole grant). */
export function revoke(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse, store: DriveStore): number {
  const value = formParams(req, url, body).get('token') ?? '';
  const refresh = store.refreshTokens.get(value) ?? store.accessTokens.get(value)?.refresh;
  if (!refresh || refresh.revoked) {
    send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    return 400;
  }
  revokeGrant(store, refresh);
  send(res, 200, {});
  return 200;
}

export function revokeGrant(store: DriveStore, refresh: RefreshGrant) {
  refresh.revoked = true;
  for (const access of store.accessTokens.values()) if (access.refresh === refresh) access.revoked = true;
}

/** GET/POST /tokeninfo?access_token=… — what getTokenInfo() reads. */
export function tokenInfo(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse, store: DriveStore, config: OAuthConfig): number {
  const value = formParams(req, url, body).get('access_token') ?? '';
  const grant = store.accessTokens.get(value);
  if (!grant || grant.revoked || grant.refresh.revoked || grant.expiresAt <= config.now()) {
    send(res, 400, { error: 'invalid_token', error_description: 'Invalid Value' });
    return 400;
  }
  const expiresIn = Math.floor((grant.expiresAt - config.now()) / 1000);
  send(res, 200, {
    azp: config.clientId,
    aud: config.clientId,
    scope: grant.refresh.scopes.join(' '),
    exp: String(Math.floor(grant.expiresAt / 1000)),
    expires_in: String(expiresIn),
    access_type: 'offline',
  });
  return 200;
}

const WWW_AUTH = 'Bearer realm="https://accounts.google.com/", error="invalid_token"';

export const missingCredential = () =>
  googleError(
    401,
    'required',
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    { location: 'Authorization', locationType: 'header', status: 'UNAUTHENTICATED', headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } },
  );

/** Contract §2.5: expired, unknown or revoked access token. */
export const invalidCredentials = () =>
  googleError(401, 'authError', 'Invalid Credentials', {
    topMessage:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    location: 'Authorization',
    locationType: 'header',
    status: 'UNAUTHENTICATED',
    headers: { 'www-authenticate': WWW_AUTH },
  });

/** The bearer check on every Drive API and upload call. */
export function authenticate(req: IncomingMessage, store: DriveStore, now: number): AccessGrant {
  const header = req.headers.authorization;
  if (!header) throw missingCredential();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const grant = match ? store.accessTokens.get(match[1]!) : undefined;
  if (!grant || grant.revoked || grant.refresh.revoked || grant.expiresAt <= now) throw invalidCredentials();
  const scopes = grant.refresh.scopes;
  // drive.file is what the app asks for; the broader drive scope would also cover these calls.
  if (!scopes.includes(DRIVE_FILE_SCOPE) && !scopes.includes('https://www.googleapis.com/auth/drive')) {
    throw googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', {
      status: 'PERMISSION_DENIED',
      headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/drive.file"' },
    });
  }
  return grant;
}
