// Google Drive, as DM Drop knows it: its OAuth client (a Desktop client: environment, settings or
// built in) and how a person brings their own, the refresh token, Google's consent page, the links
// it owns (Google hosts naming a Drive file, or its emulator), the sign-in and the provider itself.
import { endpointHost, oauthPortOverride, requireRefreshToken, type ProviderDescriptor } from '../provider-descriptor';
import { requireClient, resolveClient, type ClientSpec } from '../oauth-client';
import { driveIdFromUrl } from './drive-endpoints';

// The sign-in, the client check and the provider load googleapis (most of a CLI start): each is
// imported when first used, so listing providers never pays for it.

/** The only scope asked for: DM Drop sees just the files it makes. */
export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

/** The loopback port of the redirect URI of the Desktop client. */
export const DRIVE_REDIRECT_PORT = 53682;

const ENV = {
  endpoint: 'DMDROP_DRIVE_ENDPOINT',
  refreshToken: 'DMDROP_DRIVE_REFRESH_TOKEN',
  clientId: 'DMDROP_DRIVE_CLIENT_ID',
  clientSecret: 'DMDROP_DRIVE_CLIENT_SECRET',
} as const;

const CONSOLE = 'https://console.cloud.google.com';

const client: ClientSpec = {
  fields: [
    {
      key: 'clientId',
      env: ENV.clientId,
      label: 'Client ID',
      pattern: /^[A-Za-z0-9._-]+\.apps\.googleusercontent\.com$/,
      hint: 'copy the Client ID (it ends in .apps.googleusercontent.com) of your Desktop app client.',
    },
    {
      key: 'clientSecret',
      env: ENV.clientSecret,
      label: 'Client secret',
      pattern: /^[A-Za-z0-9_-]{8,100}$/,
      hint: 'copy the Client secret (it starts with GOCSPX-) of the same Desktop app client.',
    },
  ],
  // Google lets Desktop clients come back to any loopback port, so nothing is registered.
  registerRedirect: false,
  redirectUri: (_settings, env) => `http://127.0.0.1:${oauthPortOverride(env) ?? DRIVE_REDIRECT_PORT}/oauth2cb`,
  steps: () => [
    { text: 'In the Google Cloud console, create a project (or pick one of yours).', link: `${CONSOLE}/projectcreate` },
    { text: 'Enable the Google Drive API for it.', link: `${CONSOLE}/apis/library/drive.googleapis.com` },
    {
      text: `Set up Google Auth Platform (the OAuth consent screen): audience “External”, your e-mail as contact; under Data access add the scope ${DRIVE_SCOPE} (DM Drop sees only the files it makes); under Audience add your Google account as a test user.`,
      link: `${CONSOLE}/auth/overview`,
    },
    { text: 'Under Clients, create a client of type “Desktop app”. Desktop clients need no redirect URI: Google accepts DM Drop’s loopback address as it is.', link: `${CONSOLE}/auth/clients` },
    { text: 'Copy its Client ID and Client secret into the boxes below. (Google calls a Desktop client’s secret a secret, but it is not one: every copy of the app carries it.)' },
    { text: 'While the app is in “Testing”, Google ends its sign-ins after 7 days; publish it under Audience to stay connected (drive.file needs no verification for that).' },
  ],
  check: async (values, env) => (await import('./drive-login')).checkDriveClient({ clientId: values.clientId!, clientSecret: values.clientSecret, endpoint: env[ENV.endpoint] || undefined }),
};

export const driveDescriptor: ProviderDescriptor = {
  id: 'drive',
  name: 'Google Drive',
  settingsKey: 'drive',
  env: { endpoint: ENV.endpoint, refreshToken: ENV.refreshToken },
  client,
  secretKey: 'drive.refreshToken',
  consentPages: ['https://accounts.google.com/o/oauth2/v2/auth'],
  // Google hosts serve much more than Drive: only a link that names a Drive file or folder is ours.
  ownsUrl: (url, env) => (/(^|\.)google\.com$/i.test(url.host) || url.host === endpointHost(env, ENV.endpoint)) && Boolean(driveIdFromUrl(url.href)),

  async login(deps, openUrl) {
    const { clientId, clientSecret } = requireClient(driveDescriptor, deps);
    const account = await (await import('./drive-login')).loginDrive({ clientId: clientId!, clientSecret, endpoint: deps.env[ENV.endpoint] || undefined, port: oauthPortOverride(deps.env) ?? DRIVE_REDIRECT_PORT, openUrl });
    // Google gives no account id with the token; saying none is the truth.
    return { refreshToken: account.refreshToken };
  },

  async revokeToken(refreshToken, deps) {
    const values = resolveClient(driveDescriptor, deps)?.values;
    if (values?.clientId) await (await import('./drive-login')).revokeDriveToken({ clientId: values.clientId, clientSecret: values.clientSecret, refreshToken, endpoint: deps.env[ENV.endpoint] || undefined });
  },

  async create(deps) {
    const settings = deps.settings();
    const { clientId, clientSecret } = requireClient(driveDescriptor, { settings, env: deps.env, builtInClients: deps.builtInClients });
    const refreshToken = await requireRefreshToken(driveDescriptor, deps.secrets, deps.env);
    return (await import('./drive-provider')).createDriveProvider({
      clientId: clientId!,
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
