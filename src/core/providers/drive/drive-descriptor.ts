// Google Drive, as DM Drop knows it: the Desktop OAuth client the user brings, the refresh token,
// Google's consent page, the links it owns (Google hosts naming a Drive file, or its emulator), the
// sign-in and the provider itself.
import { DmDropError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings-schema';
import { endpointHost, oauthPortOverride, requireRefreshToken, type ProviderDescriptor } from '../provider-descriptor';
import { driveIdFromUrl } from './drive-endpoints';

/** The loopback port of the redirect URI of the Desktop client. */
export const DRIVE_REDIRECT_PORT = 53682;

// The sign-in and the provider load googleapis (most of a CLI start): each is imported when first
// used, so listing providers never pays for it.
const ENV = {
  endpoint: 'DMDROP_DRIVE_ENDPOINT',
  refreshToken: 'DMDROP_DRIVE_REFRESH_TOKEN',
  clientId: 'DMDROP_DRIVE_CLIENT_ID',
  clientSecret: 'DMDROP_DRIVE_CLIENT_SECRET',
} as const;

export function driveClient(settings: Settings, env: NodeJS.ProcessEnv): { clientId?: string; clientSecret?: string } {
  return {
    clientId: env[ENV.clientId] || settings.drive.clientId,
    clientSecret: env[ENV.clientSecret] || settings.drive.clientSecret,
  };
}

function requireClient(settings: Settings, env: NodeJS.ProcessEnv, advice: string): { clientId: string; clientSecret?: string } {
  const { clientId, clientSecret } = driveClient(settings, env);
  if (!clientId) throw new DmDropError('NOT_CONNECTED', advice);
  return { clientId, clientSecret };
}

export const driveDescriptor: ProviderDescriptor = {
  id: 'drive',
  name: 'Google Drive',
  settingsKey: 'drive',
  env: { endpoint: ENV.endpoint, refreshToken: ENV.refreshToken, client: [ENV.clientId, ENV.clientSecret] },
  secretKey: 'drive.refreshToken',
  consentPages: ['https://accounts.google.com/o/oauth2/v2/auth'],
  // Google hosts serve much more than Drive: only a link that names a Drive file or folder is ours.
  ownsUrl: (url, env) => (/(^|\.)google\.com$/i.test(url.host) || url.host === endpointHost(env, ENV.endpoint)) && Boolean(driveIdFromUrl(url.href)),
  clientConfigured: (settings, env) => Boolean(driveClient(settings, env).clientId),

  async login(deps, openUrl) {
    const { clientId, clientSecret } = requireClient(
      deps.settings,
      deps.env,
      'No Google OAuth client is configured: set DMDROP_DRIVE_CLIENT_ID and DMDROP_DRIVE_CLIENT_SECRET (the README explains how to create one).',
    );
    const account = await (await import('./drive-login')).loginDrive({ clientId, clientSecret, endpoint: deps.env[ENV.endpoint] || undefined, port: oauthPortOverride(deps.env) ?? DRIVE_REDIRECT_PORT, openUrl });
    // Google gives no account id with the token; saying none is the truth.
    return { refreshToken: account.refreshToken };
  },

  async revokeToken(refreshToken, deps) {
    const { clientId, clientSecret } = driveClient(deps.settings, deps.env);
    if (clientId) await (await import('./drive-login')).revokeDriveToken({ clientId, clientSecret, refreshToken, endpoint: deps.env[ENV.endpoint] || undefined });
  },

  async create(deps) {
    const settings = deps.settings();
    const { clientId, clientSecret } = requireClient(
      settings,
      deps.env,
      'No Google OAuth client is configured: set DMDROP_DRIVE_CLIENT_ID and DMDROP_DRIVE_CLIENT_SECRET (see the README, "Connecting Google Drive").',
    );
    const refreshToken = await requireRefreshToken(driveDescriptor, deps.secrets, deps.env);
    return (await import('./drive-provider')).createDriveProvider({
      clientId,
      clientSecret,
      refreshToken,
      endpoint: deps.env[ENV.endpoint] || undefined,
      folderName: settings.drive.folder,
      trashOnRevoke: settings.drive.trashOnRevoke,
      clock: deps.clock,
      random: deps.random,
      retry: deps.retry,
      resumableThreshold: deps.driveResumableThreshold,
      chunkSize: deps.driveChunkSize,
    });
  },
};
