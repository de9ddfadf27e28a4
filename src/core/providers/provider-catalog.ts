// Every provider a user may pick, with the honest state of each: connected, not connected, or
// impossible (no public sharing API at all).
import type { ProviderId, Settings } from '../../shared/settings-schema';
import type { SecretStore } from '../ports/secret-store';
import { isUnsupported, storedRefreshToken, type ProviderEntry } from './provider-descriptor';
import { BUILT_IN_PROVIDERS } from './provider-list';
import { resolveClient, type BuiltInClients, type ClientSource } from './oauth-client';

export type ProviderState = 'connected' | 'not-connected' | 'unsupported';

export interface ProviderStatus {
  id: ProviderId;
  name: string;
  state: ProviderState;
  default: boolean;
  /** Why it cannot be used, or what to do to use it. */
  note?: string;
  /** Where its OAuth client comes from; 'none' = the person must bring their own before connecting. */
  client?: ClientSource | 'none';
}

export async function listProviders(
  settings: Settings,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv,
  list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS,
  builtInClients: BuiltInClients = {},
): Promise<ProviderStatus[]> {
  return Promise.all(
    list.map(async (p): Promise<ProviderStatus> => {
      // The settings and the IPC contract name the built-in ids (PROVIDER_IDS in src/shared).
      const base = { id: p.id as ProviderId, name: p.name, default: settings.defaultProvider === p.id };
      if (isUnsupported(p)) return { ...base, state: 'unsupported', note: p.unsupported };
      const client = resolveClient(p, { settings, env, builtInClients })?.source ?? 'none';
      const connected = client !== 'none' && Boolean(await storedRefreshToken(p, secrets, env));
      return connected ? { ...base, state: 'connected', client } : { ...base, state: 'not-connected', client, note: `Run \`dmdrop login ${p.id}\` to connect.` };
    }),
  );
}
