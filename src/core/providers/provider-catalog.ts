// Every provider a user may pick, with the honest state of each: connected, not connected, or
// impossible (no public sharing API at all).
import type { ProviderId, Settings } from '../../shared/settings-schema';
import type { SecretStore } from '../ports/secret-store';
import { isUnsupported, storedRefreshToken, type ProviderEntry } from './provider-descriptor';
import { BUILT_IN_PROVIDERS } from './provider-list';

export type ProviderState = 'connected' | 'not-connected' | 'unsupported';

export interface ProviderStatus {
  id: ProviderId;
  name: string;
  state: ProviderState;
  default: boolean;
  /** Why it cannot be used, or what to do to use it. */
  note?: string;
}

export async function listProviders(settings: Settings, secrets: SecretStore, env: NodeJS.ProcessEnv, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): Promise<ProviderStatus[]> {
  return Promise.all(
    list.map(async (p): Promise<ProviderStatus> => {
      // The settings and the IPC contract name the built-in ids (PROVIDER_IDS in src/shared).
      const base = { id: p.id as ProviderId, name: p.name, default: settings.defaultProvider === p.id };
      if (isUnsupported(p)) return { ...base, state: 'unsupported', note: p.unsupported };
      const connected = p.clientConfigured(settings, env) && Boolean(await storedRefreshToken(p, secrets, env));
      return connected ? { ...base, state: 'connected' } : { ...base, state: 'not-connected', note: `Run \`dmdrop login ${p.id}\` to connect.` };
    }),
  );
}
