// What a provider says about itself, in one object: its name, the keys it reads, the pages and
// links it owns, how an account connects and disconnects, and how the Provider is built. The
// built-in ones are listed in provider-list.ts; nothing else in DM Drop names a provider.
import { DmDropError } from '../../shared/errors';
import type { Settings } from '../../shared/settings-schema';
import type { RetryPolicy } from '../net/retry';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import type { BuiltInClients, ClientSpec } from './oauth-client';
import type { Provider } from './provider';

/** Everything a provider is built from. */
export interface ProviderBuildDeps {
  settings: () => Settings;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  /** The OAuth clients built into this copy (oauth-client.ts), below the environment and the settings. */
  builtInClients?: BuiltInClients;
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

/** A connected account: its refresh token (and the provider's account id, where it gives one). */
export interface ConnectedAccount {
  refreshToken: string;
  accountId?: string;
}

/** What connecting and disconnecting an account needs. */
export interface AccountDeps {
  settings: Settings;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  builtInClients?: BuiltInClients;
}

/** A provider as its factory makes it; the registry adds the descriptor's id and name. */
export type ProviderCore = Omit<Provider, 'id' | 'displayName'>;

export interface ProviderDescriptor {
  readonly id: string;
  /** The one place its name for people is written. */
  readonly name: string;
  /** Its section of the settings (src/shared/settings-schema.ts), e.g. `settings.dropbox`. */
  readonly settingsKey: string;
  readonly env: {
    /**
     * Where its API is when it is not the real service: its loopback emulator's URL (tests, the demo,
     * `npm run emulator`). The shell lets the browser open that origin.
     */
    readonly endpoint: string;
    /** A refresh token that stands in for a connected account (CI, the emulator's printed env). */
    readonly refreshToken: string;
  };
  /**
   * Its OAuth client: the fields (each with its setting, environment variable and built-in key),
   * the steps for bringing your own, the redirect URI to register, and a check that needs no account.
   * Where a client comes from is `resolveClient` (oauth-client.ts): environment, settings, built-in.
   */
  readonly client: ClientSpec;
  /** Where its refresh token is kept in the SecretStore. */
  readonly secretKey: string;
  /** The consent pages its sign-in opens in the browser, as origin + path. */
  readonly consentPages: readonly string[];
  /** Is this one of its links (on the real service, or on its emulator named in `env.endpoint`)? */
  ownsUrl(url: URL, env: NodeJS.ProcessEnv): boolean;
  /** The browser consent flow (loopback + PKCE); resolves with the refresh token. */
  login(deps: AccountDeps, openUrl: (url: string) => void | Promise<void>): Promise<ConnectedAccount>;
  /** Disconnecting: the provider stops honouring the token (already dead is fine). */
  revokeToken(refreshToken: string, deps: AccountDeps): Promise<void>;
  /** Builds the Provider from settings, the stored token and the environment; NOT_CONNECTED if it cannot. */
  create(deps: ProviderBuildDeps): Promise<ProviderCore>;
}

/** A service people ask for that cannot make public links: listed honestly, never built. */
export interface UnsupportedProvider {
  readonly id: string;
  readonly name: string;
  /** Why it cannot be used, for a person. */
  readonly unsupported: string;
}

export type ProviderEntry = ProviderDescriptor | UnsupportedProvider;

export function isUnsupported(entry: ProviderEntry): entry is UnsupportedProvider {
  return 'unsupported' in entry;
}

/** The refresh token of a connected account: the environment's first, then the SecretStore's. */
export async function storedRefreshToken(descriptor: ProviderDescriptor, secrets: SecretStore, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return env[descriptor.env.refreshToken] || (await secrets.get(descriptor.secretKey));
}

/** The token, or the sentence that says how to connect. */
export async function requireRefreshToken(descriptor: ProviderDescriptor, secrets: SecretStore, env: NodeJS.ProcessEnv): Promise<string> {
  const token = await storedRefreshToken(descriptor, secrets, env);
  if (!token) throw new DmDropError('NOT_CONNECTED', `No ${descriptor.name} account is connected: run \`dmdrop login ${descriptor.id}\` first.`);
  return token;
}

/** The host of an emulator endpoint named in the environment, if one is set. */
export function endpointHost(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key];
  if (!value) return undefined;
  try {
    return new URL(value).host;
  } catch {
    return undefined;
  }
}

/** DMDROP_OAUTH_PORT: the loopback port every sign-in comes back to, when set (tests, busy ports). */
export function oauthPortOverride(env: NodeJS.ProcessEnv): number | undefined {
  return env.DMDROP_OAUTH_PORT !== undefined ? Number(env.DMDROP_OAUTH_PORT) : undefined;
}
