// Builds the Provider for an id from settings, stored tokens and the environment. Providers that
// cannot share publicly are answered honestly here rather than faked.
import { DmDropError } from '../../shared/errors';
import type { ProviderId, Settings } from '../../shared/settings-schema';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import type { RetryPolicy } from '../net/retry';
import type { Provider } from './provider';

export const SECRET_KEYS = {
  dropboxRefreshToken: 'dropbox.refreshToken',
  driveRefreshToken: 'drive.refreshToken',
} as const;

export interface ProviderRegistryDeps {
  settings: () => Settings;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Test and benchmark knob: force upload sessions above this size. */
  dropboxChunkThreshold?: number;
  dropboxChunkSize?: number;
  /** Test and benchmark knob: force resumable Drive uploads above this size. */
  driveResumableThreshold?: number;
  driveChunkSize?: number;
}

export interface ProviderRegistry {
  get(id: ProviderId): Promise<Provider>;
}

export const UNSUPPORTED: Partial<Record<ProviderId, string>> = {
  'google-photos':
    'Google Photos cannot share: Google removed the Library API’s sharing functions on 31 March 2025, so no app can make a Google Photos link any more. Use Google Drive or Dropbox instead.',
  icloud:
    'iCloud has no public API for making shared links, so DM Drop cannot share through it. Use Google Drive or Dropbox instead.',
};

export function dropboxAppKey(settings: Settings, env: NodeJS.ProcessEnv): string | undefined {
  return env.DMDROP_DROPBOX_APP_KEY || settings.dropbox.appKey;
}

export function driveClient(
  settings: Settings,
  env: NodeJS.ProcessEnv,
): { clientId?: string; clientSecret?: string } {
  return {
    clientId: env.DMDROP_DRIVE_CLIENT_ID || settings.drive.clientId,
    clientSecret: env.DMDROP_DRIVE_CLIENT_SECRET || settings.drive.clientSecret,
  };
}

export async function storedRefreshToken(
  id: 'dropbox' | 'drive',
  secrets: SecretStore,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (id === 'dropbox')
    return env.DMDROP_DROPBOX_REFRESH_TOKEN || (await secrets.get(SECRET_KEYS.dropboxRefreshToken));
  return env.DMDROP_DRIVE_REFRESH_TOKEN || (await secrets.get(SECRET_KEYS.driveRefreshToken));
}

export function createProviderRegistry(deps: ProviderRegistryDeps): ProviderRegistry {
  const cache = new Map<ProviderId, Provider>();
  return {
    async get(id) {
      const cached = cache.get(id);
      if (cached) return cached;
      const unsupported = UNSUPPORTED[id];
      if (unsupported) throw new DmDropError('PROVIDER_UNSUPPORTED', unsupported);
      const settings = deps.settings();
      const provider =
        id === 'drive' ? await buildDrive(deps, settings) : await buildDropbox(deps, settings);
      cache.set(id, provider);
      return provider;
    },
  };
}

async function buildDrive(deps: ProviderRegistryDeps, settings: Settings): Promise<Provider> {
  const { clientId, clientSecret } = driveClient(settings, deps.env);
  if (!clientId) {
    throw new DmDropError(
      'NOT_CONNECTED',
      'No Google OAuth client is configured: set DMDROP_DRIVE_CLIENT_ID and DMDROP_DRIVE_CLIENT_SECRET (see the README, "Connecting Google Drive").',
    );
  }
  const refreshToken = await storedRefreshToken('drive', deps.secrets, deps.env);
  if (!refreshToken)
    throw new DmDropError(
      'NOT_CONNECTED',
      'No Google Drive account is connected: run `dmdrop login drive` first.',
    );
  // Each SDK is loaded when its provider is first built: listing providers or logging in to one
  // must not pay for loading the other's (googleapis alone is most of a CLI start).
  const { createDriveProvider } = await import('./drive/drive-provider');
  return createDriveProvider({
    clientId,
    clientSecret,
    refreshToken,
    endpoint: deps.env.DMDROP_DRIVE_ENDPOINT || undefined,
    folderName: settings.drive.folder,
    trashOnRevoke: settings.drive.trashOnRevoke,
    clock: deps.clock,
    random: deps.random,
    retry: deps.retry,
    resumableThreshold: deps.driveResumableThreshold,
    chunkSize: deps.driveChunkSize,
  });
}

async function buildDropbox(deps: ProviderRegistryDeps, settings: Settings): Promise<Provider> {
  const appKey = dropboxAppKey(settings, deps.env);
  if (!appKey) {
    throw new DmDropError(
      'NOT_CONNECTED',
      'No Dropbox app key is configured: set DMDROP_DROPBOX_APP_KEY (see the README, "Connecting Dropbox").',
    );
  }
  const refreshToken = await storedRefreshToken('dropbox', deps.secrets, deps.env);
  if (!refreshToken) {
    throw new DmDropError(
      'NOT_CONNECTED',
      'No Dropbox account is connected: run `dmdrop login dropbox` first.',
    );
  }
  const { createDropboxProvider } = await import('./dropbox/dropbox-provider');
  return createDropboxProvider({
    appKey,
    refreshToken,
    endpoint: deps.env.DMDROP_DROPBOX_ENDPOINT || undefined,
    folder: settings.dropbox.folder,
    clock: deps.clock,
    random: deps.random,
    retry: deps.retry,
    chunkThreshold: deps.dropboxChunkThreshold,
    chunkSize: deps.dropboxChunkSize,
  });
}
