// Bringing your own OAuth client, for a copy of DM Drop built without one (or a person who prefers
// their own): what the guide shows (the steps, the fields, the redirect URI to register, where the
// client in use comes from) and saving what they pasted once its shape is right and the provider
// says it knows it. Plain Node: the window reaches it through IPC, and the CLI could too.
import type { SettingsPort } from '../ports/settings-store';
import type { ProviderId, Settings } from '../../shared/settings-schema';
import { clientSettings, resolveClient, validateClientValues, type BuiltInClients, type ClientSource } from '../providers/oauth-client';
import type { ProviderEntry } from '../providers/provider-descriptor';
import { BUILT_IN_PROVIDERS, connectableProvider } from '../providers/provider-list';

export interface ClientGuide {
  provider: ProviderId;
  name: string;
  /** Where the client DM Drop would sign in with comes from now; 'none' = nothing yet. */
  source: ClientSource | 'none';
  /** This copy carries DM Drop's own client: connecting needs nothing from the person. */
  builtIn: boolean;
  /** The fields to fill in, with what is saved in the settings now. */
  fields: { key: string; label: string; hint: string; value?: string }[];
  steps: { text: string; link?: string }[];
  /** The exact redirect URI sign-in comes back to. */
  redirectUri: string;
  /** True when it must be registered in the provider's console (Dropbox); Google accepts any loopback. */
  registerRedirect: boolean;
}

export interface ClientSetupDeps {
  settings: Pick<SettingsPort, 'get' | 'update'>;
  env: NodeJS.ProcessEnv;
  builtInClients?: BuiltInClients;
  providers?: readonly ProviderEntry[];
}

export function clientGuide(id: string, deps: ClientSetupDeps): ClientGuide {
  const descriptor = connectableProvider(id, deps.providers ?? BUILT_IN_PROVIDERS);
  const settings = deps.settings.get();
  const saved = clientSettings(descriptor, settings);
  const redirectUri = descriptor.client.redirectUri(settings, deps.env);
  return {
    // The settings and the IPC contract name the built-in ids (PROVIDER_IDS in src/shared).
    provider: descriptor.id as ProviderId,
    name: descriptor.name,
    source: resolveClient(descriptor, { settings, env: deps.env, builtInClients: deps.builtInClients })?.source ?? 'none',
    builtIn: Boolean(deps.builtInClients?.[descriptor.id]),
    fields: descriptor.client.fields.map((f) => ({
      key: f.key,
      label: f.label,
      hint: f.hint,
      ...(typeof saved[f.key] === 'string' ? { value: saved[f.key] as string } : {}),
    })),
    steps: descriptor.client.steps(redirectUri).map((s) => ({ ...s })),
    redirectUri,
    registerRedirect: descriptor.client.registerRedirect,
  };
}

/**
 * Checks the values (shape, then the provider without an account) and saves them in the settings.
 * No values at all (`{}`) removes the person's own client (back to the built-in one, if any); an
 * empty box is a value, and is said to be missing.
 */
export async function saveClient(id: string, input: Record<string, string | undefined>, deps: ClientSetupDeps): Promise<ClientGuide> {
  const descriptor = connectableProvider(id, deps.providers ?? BUILT_IN_PROVIDERS);
  const keys = descriptor.client.fields.map((f) => f.key);
  const clearing = keys.every((k) => input[k] === undefined);
  const values = clearing ? Object.fromEntries(keys.map((k) => [k, undefined])) : validateClientValues(descriptor, input);
  if (!clearing) await descriptor.client.check(values as Record<string, string>, deps.env);
  const section = { ...clientSettings(descriptor, deps.settings.get()), ...values };
  await deps.settings.update({ [descriptor.settingsKey]: section } as Partial<Settings>);
  return clientGuide(id, deps);
}
