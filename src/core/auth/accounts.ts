// Connecting and disconnecting accounts, for the CLI and the app alike: the provider's own browser
// consent flow (its descriptor's `login`), the refresh token into the SecretStore (a 0600 file for
// the CLI, safeStorage in the app), and on disconnect a revoke at the provider before the token is deleted.
import type { AccountDeps, ProviderEntry } from '../providers/provider-descriptor';
import { BUILT_IN_PROVIDERS, connectableProvider } from '../providers/provider-list';

export type { AccountDeps } from '../providers/provider-descriptor';

export async function connectAccount(
  provider: string,
  deps: AccountDeps,
  openUrl: (url: string) => void | Promise<void>,
  list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS,
): Promise<{ name: string; accountId?: string }> {
  const descriptor = connectableProvider(provider, list);
  const account = await descriptor.login(deps, openUrl);
  await deps.secrets.set(descriptor.secretKey, account.refreshToken);
  return { name: descriptor.name, ...(account.accountId ? { accountId: account.accountId } : {}) };
}

/** Returns false when nothing was connected. */
export async function disconnectAccount(provider: string, deps: AccountDeps, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): Promise<boolean> {
  const descriptor = connectableProvider(provider, list);
  const refreshToken = await deps.secrets.get(descriptor.secretKey);
  if (!refreshToken) return false;
  await descriptor.revokeToken(refreshToken, deps);
  await deps.secrets.delete(descriptor.secretKey);
  return true;
}
