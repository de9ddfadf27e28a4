// Connecting a Dropbox account: OAuth 2 code flow with PKCE and a loopback redirect, asking for
// offline access so we get a refresh token. No app secret is involved (a desktop app cannot keep one).
import { Dropbox, DropboxAuth } from 'dropbox';
import { DmDropError } from '../../../shared/errors';
import { createDropboxFetch, rewriteDropboxUrl } from './dropbox-fetch';
import { toDmDropError } from './dropbox-errors';
import type { ConnectedAccount } from '../provider-descriptor';
import { DROPBOX_REDIRECT_PATH, DROPBOX_REDIRECT_PORT, DROPBOX_SCOPES, dropboxRedirectUri } from './dropbox-descriptor';
import { PortBusyError, startLoopbackRedirect, type LoopbackRedirect } from '../../auth/loopback-redirect';
import { randomState } from '../../auth/pkce';

/**
 * Dropbox accepts only registered redirect URIs, so a busy port cannot be swapped for another
 * quietly: say which URI is in use, which setting moves it, and what to register then.
 */
export function dropboxPortBusy(port: number): DmDropError {
  return new DmDropError(
    'OAUTH_PORT_BUSY',
    `Port ${port} is busy (another program uses it; rclone's sign-in uses 53682 too), so DM Drop cannot receive Dropbox's sign-in at ${dropboxRedirectUri(port)}. ` +
      'Close that program and try again, or choose another port with the setting `dropbox.redirectPort` (in settings.json) ' +
      `and add http://127.0.0.1:<that port>${DROPBOX_REDIRECT_PATH} under OAuth 2 → Redirect URIs of your Dropbox app in the App Console: Dropbox accepts only redirect URIs registered exactly.`,
  );
}

export interface DropboxLoginOptions {
  appKey: string;
  endpoint?: string;
  port?: number;
  /** Shows the consent page: the system browser in the app, a printed URL (and opener) in the CLI. */
  openUrl: (url: string) => void | Promise<void>;
}

export async function loginDropbox(options: DropboxLoginOptions): Promise<ConnectedAccount> {
  const state = randomState();
  const port = options.port ?? DROPBOX_REDIRECT_PORT;
  let redirect: LoopbackRedirect;
  try {
    redirect = await startLoopbackRedirect({ port, state, path: DROPBOX_REDIRECT_PATH });
  } catch (error) {
    throw error instanceof PortBusyError ? dropboxPortBusy(port) : error;
  }
  try {
    const auth = new DropboxAuth({ clientId: options.appKey, fetch: createDropboxFetch(options.endpoint) });
    // The SDK leaves spaces in `scope` unencoded; a URL object encodes it so it can be clicked.
    const url = new URL(
      String(await auth.getAuthenticationUrl(redirect.redirectUri, state, 'code', 'offline', DROPBOX_SCOPES, 'none', true)),
    ).toString();
    await options.openUrl(rewriteDropboxUrl(url, options.endpoint).url);
    const code = await redirect.code;
    let result: { refresh_token?: string; account_id?: string };
    try {
      result = (await auth.getAccessTokenFromCode(redirect.redirectUri, code)).result as typeof result;
    } catch (error) {
      throw toDmDropError(error, 'finish connecting');
    }
    if (!result.refresh_token) {
      throw new DmDropError('AUTH_FAILED', 'Dropbox did not grant offline access, so DM Drop could not stay connected.');
    }
    return { refreshToken: result.refresh_token, accountId: result.account_id };
  } finally {
    redirect.close();
  }
}

/** Disconnecting: the refresh token (and every access token minted from it) stops working. */
export async function revokeDropboxToken(options: { appKey: string; refreshToken: string; endpoint?: string }): Promise<void> {
  const dbx = new Dropbox({ clientId: options.appKey, refreshToken: options.refreshToken, fetch: createDropboxFetch(options.endpoint) });
  try {
    await dbx.authTokenRevoke();
  } catch (error) {
    const mapped = toDmDropError(error, 'disconnect');
    // A token that is already invalid is as disconnected as it gets.
    if (mapped.code !== 'AUTH_REVOKED') throw mapped;
  }
}

/**
 * Does Dropbox know this app key? Without an account the token endpoint still says: a made-up code
 * is `invalid_grant` for an app it knows and `invalid_client` for a key it does not. (The redirect URI
 * can only be proven by signing in, which comes next.)
 */
export async function checkDropboxAppKey(options: { appKey: string; endpoint?: string }): Promise<void> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: 'dmdrop-app-key-check',
    client_id: options.appKey,
    code_verifier: 'dmdrop-app-key-check-'.padEnd(64, '0'),
    redirect_uri: dropboxRedirectUri(DROPBOX_REDIRECT_PORT),
  });
  let answer: { error?: unknown };
  try {
    const response = await createDropboxFetch(options.endpoint)('https://api.dropboxapi.com/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    answer = (await response.json().catch(() => ({}))) as typeof answer;
  } catch (error) {
    throw new DmDropError('NETWORK_ERROR', 'DM Drop could not reach Dropbox to check the app key. Check the connection and try again.', { cause: error });
  }
  if (answer.error === 'invalid_client') {
    throw new DmDropError(
      'OAUTH_CLIENT_INVALID',
      `Dropbox does not know the app key “${options.appKey}”. Copy the App key from the Settings tab of your app in the Dropbox App Console (not the App secret).`,
    );
  }
}
