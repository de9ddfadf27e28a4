// Dropbox, as DM Drop knows it: the app key the user registers, the refresh token, the consent page,
// the links it owns (dropbox.com, or its emulator), the sign-in and the provider itself.
import { DmDropError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings-schema';
import { endpointHost, oauthPortOverride, requireRefreshToken, type ProviderDescriptor } from '../provider-descriptor';

/** The loopback port of the redirect URI registered for the app (`dropbox.redirectPort` moves it). */
export const DROPBOX_REDIRECT_PORT = 53682;

// The sign-in and the provider load the Dropbox SDK: each is imported when first used, so listing
// providers (dmdrop providers, the tray) never pays for it.
const ENV = { endpoint: 'DMDROP_DROPBOX_ENDPOINT', refreshToken: 'DMDROP_DROPBOX_REFRESH_TOKEN', appKey: 'DMDROP_DROPBOX_APP_KEY' } as const;

export function dropboxAppKey(settings: Settings, env: NodeJS.ProcessEnv): string | undefined {
  return env[ENV.appKey] || settings.dropbox.appKey;
}

function requireAppKey(settings: Settings, env: NodeJS.ProcessEnv, advice: string): string {
  const appKey = dropboxAppKey(settings, env);
  if (!appKey) throw new DmDropError('NOT_CONNECTED', advice);
  return appKey;
}

export const dropboxDescriptor: ProviderDescriptor = {
  id: 'dropbox',
  name: 'Dropbox',
  settingsKey: 'dropbox',
  env: { endpoint: ENV.endpoint, refreshToken: ENV.refreshToken, client: [ENV.appKey] },
  secretKey: 'dropbox.refreshToken',
  consentPages: ['https://www.dropbox.com/oauth2/authorize'],
  ownsUrl: (url, env) => /(^|\.)dropbox\.com$/i.test(url.host) || url.host === endpointHost(env, ENV.endpoint),
  clientConfigured: (settings, env) => Boolean(dropboxAppKey(settings, env)),

  async login(deps, openUrl) {
    const appKey = requireAppKey(deps.settings, deps.env, 'No Dropbox app key: set DMDROP_DROPBOX_APP_KEY (the README explains how to create one).');
    const port = oauthPortOverride(deps.env) ?? deps.settings.dropbox.redirectPort ?? DROPBOX_REDIRECT_PORT;
    return (await import('./dropbox-login')).loginDropbox({ appKey, endpoint: deps.env[ENV.endpoint] || undefined, port, openUrl });
  },

  async revokeToken(refreshToken, deps) {
    const appKey = dropboxAppKey(deps.settings, deps.env);
    if (appKey) await (await import('./dropbox-login')).revokeDropboxToken({ appKey, refreshToken, endpoint: deps.env[ENV.endpoint] || undefined });
  },

  async create(deps) {
    const settings = deps.settings();
    const appKey = requireAppKey(settings, deps.env, 'No Dropbox app key is configured: set DMDROP_DROPBOX_APP_KEY (see the README, "Connecting Dropbox").');
    const refreshToken = await requireRefreshToken(dropboxDescriptor, deps.secrets, deps.env);
    return (await import('./dropbox-provider')).createDropboxProvider({
      appKey,
      refreshToken,
      endpoint: deps.env[ENV.endpoint] || undefined,
      folder: settings.dropbox.folder,
      clock: deps.clock,
      random: deps.random,
      retry: deps.retry,
      chunkThreshold: deps.dropboxChunkThreshold,
      chunkSize: deps.dropboxChunkSize,
    });
  },
};
