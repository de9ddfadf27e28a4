// Connecting and disconnecting accounts, for the CLI and the app alike: the browser consent flow of
// each provider (loopback + PKCE), the refresh token into the SecretStore (a 0600 file for the CLI,
// safeStorage in the app), and on disconnect a revoke at the provider before the token is deleted.
import { DmDropError } from '../../shared/errors';
import type { ProviderId, Settings } from '../../shared/settings-schema';
import type { SecretStore } from '../ports/secret-store';
import { driveClient, dropboxAppKey, SECRET_KEYS, UNSUPPORTED } from '../providers/provider-registry';
import { DRIVE_REDIRECT_PORT, loginDrive, revokeDriveToken } from './drive-login';
import { DROPBOX_REDIRECT_PORT, loginDropbox, revokeDropboxToken } from './dropbox-login';

export interface AccountDeps {
  settings: Settings;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
}

const NAMES = { dropbox: 'Dropbox', drive: 'Google Drive' } as const;

function connectable(provider: ProviderId): 'dropbox' | 'drive' {
  const unsupported = UNSUPPORTED[provider];
  if (unsupported) throw new DmDropError('PROVIDER_UNSUPPORTED', unsupported);
  return provider as 'dropbox' | 'drive';
}

export async function connectAccount(provider: ProviderId, deps: AccountDeps, openUrl: (url: string) => void | Promise<void>): Promise<{ name: string; accountId?: string }> {
  const id = connectable(provider);
  const envPort = deps.env.DMDROP_OAUTH_PORT !== undefined ? Number(deps.env.DMDROP_OAUTH_PORT) : undefined;
  if (id === 'drive') {
    const { clientId, clientSecret } = driveClient(deps.settings, deps.env);
    if (!clientId) {
      throw new DmDropError('NOT_CONNECTED', 'No Google OAuth client is configured: set DMDROP_DRIVE_CLIENT_ID and DMDROP_DRIVE_CLIENT_SECRET (the README explains how to create one).');
    }
    const account = await loginDrive({ clientId, clientSecret, endpoint: deps.env.DMDROP_DRIVE_ENDPOINT || undefined, port: envPort ?? DRIVE_REDIRECT_PORT, openUrl });
    await deps.secrets.set(SECRET_KEYS.driveRefreshToken, account.refreshToken);
    return { name: NAMES.drive };
  }
  const appKey = dropboxAppKey(deps.settings, deps.env);
  if (!appKey) throw new DmDropError('NOT_CONNECTED', 'No Dropbox app key: set DMDROP_DROPBOX_APP_KEY (the README explains how to create one).');
  const port = envPort ?? deps.settings.dropbox.redirectPort ?? DROPBOX_REDIRECT_PORT;
  const account = await loginDropbox({ appKey, endpoint: deps.env.DMDROP_DROPBOX_ENDPOINT || undefined, port, openUrl });
  await deps.secrets.set(SECRET_KEYS.dropboxRefreshToken, account.refreshToken);
  return { name: NAMES.dropbox, accountId: account.accountId };
}

/** Returns false when nothing was connected. */
export async function disconnectAccount(provider: ProviderId, deps: AccountDeps): Promise<boolean> {
  const id = connectable(provider);
  const key = id === 'drive' ? SECRET_KEYS.driveRefreshToken : SECRET_KEYS.dropboxRefreshToken;
  const refreshToken = await deps.secrets.get(key);
  if (!refreshToken) return false;
  if (id === 'drive') {
    const { clientId, clientSecret } = driveClient(deps.settings, deps.env);
    if (clientId) await revokeDriveToken({ clientId, clientSecret, refreshToken, endpoint: deps.env.DMDROP_DRIVE_ENDPOINT || undefined });
  } else {
    const appKey = dropboxAppKey(deps.settings, deps.env);
    if (appKey) await revokeDropboxToken({ appKey, refreshToken, endpoint: deps.env.DMDROP_DROPBOX_ENDPOINT || undefined });
  }
  await deps.secrets.delete(key);
  return true;
}

export function accountName(provider: 'dropbox' | 'drive'): string {
  return NAMES[provider];
}
