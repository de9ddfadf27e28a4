// Connecting Google Drive: OAuth 2 code flow with PKCE and a loopback redirect (Google's flow for
// desktop apps), `access_type=offline` + `prompt=consent` so a refresh token is always issued,
// asking only for drive.file (DM Drop sees nothing but the files it made).
import { DmDropError } from '../../../shared/errors';
import { createOAuthClient } from './drive-caller';
import { DRIVE_REDIRECT_PORT, DRIVE_SCOPE } from './drive-descriptor';
import { reasonOf, toDriveDmDropError } from './drive-errors';
import { PortBusyError, startLoopbackRedirect, type LoopbackRedirect } from '../../auth/loopback-redirect';
import { randomState } from '../../auth/pkce';
import type { ConnectedAccount } from '../provider-descriptor';

/** Desktop clients may use any loopback port; this one is shared with the Dropbox flow. */

export interface DriveLoginOptions {
  clientId: string;
  clientSecret?: string;
  endpoint?: string;
  port?: number;
  openUrl: (url: string) => void | Promise<void>;
}

export async function loginDrive(options: DriveLoginOptions): Promise<ConnectedAccount> {
  const state = randomState();
  let redirect: LoopbackRedirect;
  try {
    redirect = await startLoopbackRedirect({ port: options.port ?? DRIVE_REDIRECT_PORT, state, path: '/oauth2cb' });
  } catch (error) {
    // Google lets desktop clients come back to any loopback port: take a free one.
    if (!(error instanceof PortBusyError)) throw error;
    redirect = await startLoopbackRedirect({ port: 0, state, path: '/oauth2cb' });
  }
  try {
    const auth = createOAuthClient({ ...options, redirectUri: redirect.redirectUri });
    const { codeVerifier, codeChallenge } = await auth.generateCodeVerifierAsync();
    const url = auth.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [DRIVE_SCOPE],
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256' as never,
    });
    await options.openUrl(url);
    const code = await redirect.code;
    let tokens: { refresh_token?: string | null; scope?: string };
    try {
      tokens = (await auth.getToken({ code, codeVerifier, redirect_uri: redirect.redirectUri })).tokens;
    } catch (error) {
      throw toDriveDmDropError(error, 'finish connecting');
    }
    // Google's consent screen lets people untick a scope; without drive.file nothing can work.
    if (tokens.scope && !tokens.scope.split(' ').includes(DRIVE_SCOPE)) {
      throw new DmDropError('AUTH_FAILED', 'Google Drive access was not allowed on the consent page, so DM Drop cannot upload. Run `dmdrop login drive` again and allow it.');
    }
    if (!tokens.refresh_token) {
      throw new DmDropError('AUTH_FAILED', 'Google did not grant offline access, so DM Drop could not stay connected.');
    }
    return { refreshToken: tokens.refresh_token };
  } finally {
    redirect.close();
  }
}

/** Disconnecting: Google revokes the refresh token and every access token minted from it. */
export async function revokeDriveToken(options: { clientId: string; clientSecret?: string; refreshToken: string; endpoint?: string }): Promise<void> {
  const auth = createOAuthClient(options);
  try {
    await auth.revokeToken(options.refreshToken);
  } catch (error) {
    // A token that is already dead is as disconnected as it gets.
    if (reasonOf(error) === 'invalid_token' || reasonOf(error) === 'invalid_grant') return;
    throw toDriveDmDropError(error, 'disconnect');
  }
}

/**
 * Does Google know this client, with this secret? Without an account the token endpoint still says:
 * a made-up code is `invalid_grant` for a client it knows, `invalid_client` for an unknown client id
 * ("The OAuth client was not found.") or a secret that is not that client's ("Unauthorized").
 */
export async function checkDriveClient(options: { clientId: string; clientSecret?: string; endpoint?: string }): Promise<void> {
  const auth = createOAuthClient({ ...options, redirectUri: `http://127.0.0.1:${DRIVE_REDIRECT_PORT}/oauth2cb` });
  try {
    await auth.getToken({ code: 'dmdrop-client-check', codeVerifier: 'dmdrop-client-check-'.padEnd(64, '0') });
  } catch (error) {
    if (reasonOf(error) !== 'invalid_client') {
      if (reasonOf(error)) return; // invalid_grant and the like: the client itself was accepted
      throw new DmDropError('NETWORK_ERROR', 'DM Drop could not reach Google to check the OAuth client. Check the connection and try again.', { cause: error });
    }
    const description = String((error as { response?: { data?: { error_description?: unknown } } }).response?.data?.error_description ?? '');
    throw new DmDropError(
      'OAUTH_CLIENT_INVALID',
      /not found/i.test(description)
        ? `Google does not know the client ID “${options.clientId}”. Copy the Client ID of your Desktop app client from Google Auth Platform → Clients in the Cloud console.`
        : 'Google does not accept this client secret for that client ID. Copy the Client secret of the same Desktop app client (Google Auth Platform → Clients).',
    );
  }
}
