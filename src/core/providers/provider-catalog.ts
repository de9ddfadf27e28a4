// Every provider a user may pick, with the honest state of each: connected, not connected, or
// impossible (no public sharing API at all).
import type { ProviderId, Settings } from '../../shared/settings-schema';
import type { SecretStore } from '../ports/secret-store';
import { driveClient, dropboxAppKey, storedRefreshToken, UNSUPPORTED } from './provider-registry';

export type ProviderState = 'connected' | 'not-connected' | 'unsupported';

export interface ProviderStatus {
  id: ProviderId;
  name: string;
  state: ProviderState;
  default: boolean;
  /** Why it cannot be used, or what to do to use it. */
  note?: string;
}

export const NAMES: Record<ProviderId, string> = { dropbox: 'Dropbox', drive: 'Google Drive', 'google-photos': 'Google Photos', icloud: 'iCloud' };

export async function listProviders(settings: Settings, secrets: SecretStore, env: NodeJS.ProcessEnv): Promise<ProviderStatus[]> {
  const connected: Partial<Record<ProviderId, boolean>> = {
    dropbox: Boolean(dropboxAppKey(settings, env) && (await storedRefreshToken('dropbox', secrets, env))),
    drive: Boolean(driveClient(settings, env).clientId && (await storedRefreshToken('drive', secrets, env))),
  };
  return (Object.keys(NAMES) as ProviderId[]).map((id) => {
    const unsupported = UNSUPPORTED[id];
    const state: ProviderState = unsupported ? 'unsupported' : connected[id] ? 'connected' : 'not-connected';
    return {
      id,
      name: NAMES[id],
      state,
      default: settings.defaultProvider === id,
      ...(unsupported ? { note: unsupported } : state === 'not-connected' ? { note: `Run \`dmdrop login ${id}\` to connect.` } : {}),
    };
  });
}
