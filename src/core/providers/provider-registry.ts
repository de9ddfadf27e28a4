// Builds the Provider for an id from settings, stored tokens and the environment, through the
// provider list: an unknown id is PROVIDER_UNKNOWN, one that cannot share is PROVIDER_UNSUPPORTED.
import type { Provider } from './provider';
import type { ProviderBuildDeps, ProviderEntry } from './provider-descriptor';
import { BUILT_IN_PROVIDERS, connectableProvider, providerForUrl } from './provider-list';

export interface ProviderRegistryDeps extends ProviderBuildDeps {
  /** The providers to choose from: the built-in list unless a test adds one. */
  providers?: readonly ProviderEntry[];
}

export interface ProviderRegistry {
  get(id: string): Promise<Provider>;
  /** The id of the provider that owns a link (LINK_NOT_FOUND when none does). */
  ownerOf(url: string): string;
}

export function createProviderRegistry(deps: ProviderRegistryDeps): ProviderRegistry {
  const list = deps.providers ?? BUILT_IN_PROVIDERS;
  const cache = new Map<string, Provider>();
  return {
    async get(id) {
      const cached = cache.get(id);
      if (cached) return cached;
      const descriptor = connectableProvider(id, list);
      const provider: Provider = { ...(await descriptor.create(deps)), id: descriptor.id, displayName: descriptor.name };
      cache.set(id, provider);
      return provider;
    },
    ownerOf: (url) => providerForUrl(url, deps.env, list).id,
  };
}
