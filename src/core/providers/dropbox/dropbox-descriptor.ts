// Dropbox, as DM Drop knows it: its OAuth client (the app key: environment, settings or built in)
// and how a person brings their own, the refresh token, the consent page, the links it owns
// (dropbox.com, or its emulator), the sign-in and the provider itself.
import { endpointHost, oauthPortOverride, requireRefreshToken, type ProviderDescriptor } from '../provider-descriptor';
import { requireClient, resolveClient, type ClientSpec } from '../oauth-client';
import type { Settings } from '../../../shared/settings-schema';

// The sign-in, the key check and the provider load the Dropbox SDK: each is imported when first
// used, so listing providers (dmdrop providers, the tray) never pays for it.

/** The loopback port of the redirect URI registered for the app (`dropbox.redirectPort` moves it). */
export const DROPBOX_REDIRECT_PORT = 53682;

export const DROPBOX_SCOPES = [
  'account_info.read',
  'files.metadata.read',
  'files.content.write',
  'sharing.read',
  'sharing.write',
];

/** The port of the redirect URI the README registers in the Dropbox App Console. */
export const DROPBOX_REDIRECT_PATH = '/callback';

/** The exact redirect URI for a port: Dropbox compares it with the registered ones character for character. */
export function dropboxRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${DROPBOX_REDIRECT_PATH}`;
}

const ENV = { endpoint: 'DMDROP_DROPBOX_ENDPOINT', refreshToken: 'DMDROP_DROPBOX_REFRESH_TOKEN', appKey: 'DMDROP_DROPBOX_APP_KEY' } as const;

/** The loopback port Dropbox's sign-in comes back to: DMDROP_OAUTH_PORT, else the setting. */
function redirectPort(settings: Settings, env: NodeJS.ProcessEnv): number {
  return oauthPortOverride(env) ?? settings.dropbox.redirectPort ?? DROPBOX_REDIRECT_PORT;
}

const client: ClientSpec = {
  fields: [
    {
      key: 'appKey',
      env: ENV.appKey,
      label: 'App key',
      // Real keys are 15 lower-case letters and digits; anything key-like is left to Dropbox to judge.
      pattern: /^[A-Za-z0-9_-]{6,64}$/,
      hint: 'copy the “App key” from the Settings tab of your app in the Dropbox App Console.',
    },
  ],
  registerRedirect: true,
  redirectUri: (settings, env) => dropboxRedirectUri(redirectPort(settings, env)),
  steps: (redirectUri) => [
    { text: 'Open the Dropbox App Console and choose “Create app”.', link: 'https://www.dropbox.com/developers/apps/create' },
    { text: 'Choose “Scoped access”, then “App folder” (DM Drop only writes to its own folder; “Full Dropbox” works too), and give the app a name.' },
    { text: `On the app’s Permissions tab, tick ${DROPBOX_SCOPES.join(', ')}, and press Submit.` },
    { text: `On the Settings tab, under OAuth 2 → Redirect URIs, add exactly ${redirectUri} and press Add.` },
    { text: 'Copy the App key from the Settings tab into the box below (DM Drop does not need the App secret).' },
  ],
  check: async (values, env) => (await import('./dropbox-login')).checkDropboxAppKey({ appKey: values.appKey!, endpoint: env[ENV.endpoint] || undefined }),
};

export const dropboxDescriptor: ProviderDescriptor = {
  id: 'dropbox',
  name: 'Dropbox',
  settingsKey: 'dropbox',
  env: { endpoint: ENV.endpoint, refreshToken: ENV.refreshToken },
  client,
  secretKey: 'dropbox.refreshToken',
  consentPages: ['https://www.dropbox.com/oauth2/authorize'],
  ownsUrl: (url, env) => /(^|\.)dropbox\.com$/i.test(url.host) || url.host === endpointHost(env, ENV.endpoint),

  async login(deps, openUrl) {
    const { appKey } = requireClient(dropboxDescriptor, deps);
    return (await import('./dropbox-login')).loginDropbox({ appKey: appKey!, endpoint: deps.env[ENV.endpoint] || undefined, port: redirectPort(deps.settings, deps.env), openUrl });
  },

  async revokeToken(refreshToken, deps) {
    const appKey = resolveClient(dropboxDescriptor, deps)?.values.appKey;
    if (appKey) await (await import('./dropbox-login')).revokeDropboxToken({ appKey, refreshToken, endpoint: deps.env[ENV.endpoint] || undefined });
  },

  async create(deps) {
    const settings = deps.settings();
    const { appKey } = requireClient(dropboxDescriptor, { settings, env: deps.env, builtInClients: deps.builtInClients });
    const refreshToken = await requireRefreshToken(dropboxDescriptor, deps.secrets, deps.env);
    return (await import('./dropbox-provider')).createDropboxProvider({
      appKey: appKey!,
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
