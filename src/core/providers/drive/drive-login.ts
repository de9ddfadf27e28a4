// Connecting Google Drive: OAuth 2 code flow with PKCE and a loopback redirect (Google's flow for
// desktop apps), `access_type=offline` + `prompt=consent` so a refresh token is always issued,
// asking only for drive.file (DM Drop sees nothing but the files it made).
import { DmDropError } from '../../../shared/errors';
import { createOAuthClient, DRIVE_SCOPE } from './drive-caller';
import { reasonOf, toDriveDmDropError } from './drive-errors';
import { PortBusyError, startLoopbackRedirect, type LoopbackRedirect } from '../../auth/loopback-redirect';
import { randomState } from '../../auth/pkce';
import type { ConnectedAccount } from '../provider-descriptor';
import { DRIVE_REDIRECT_PORT } from './drive-descriptor';

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
