// The CLI's tokens in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
// Service on Linux) through @napi-rs/keyring: prebuilt N-API binaries, no install script. The
// keychain is a narrow port so tests can hand in a fake (tests/helpers/fake-keychain.ts).
import type { SecretStore } from '../ports/secret-store';

/** One secret per account name, in a store that belongs to the person, not to a file. */
export interface Keychain {
  /** Where the secrets go, for a person: "the macOS Keychain". */
  readonly label: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'DM Drop';

const LABELS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'the macOS Keychain',
  win32: 'the Windows Credential Manager',
  linux: 'the Secret Service keyring',
};

/**
 * The OS keychain, or the reason there is none. On Linux the entry is pinned to the Secret Service:
 * the library would otherwise fall back to the kernel keyring, which forgets everything at reboot.
 * A working keychain answers a lookup of an entry that does not exist with "none", so that lookup is the probe.
 */
export async function openOsKeychain(service = KEYCHAIN_SERVICE, platform: NodeJS.Platform = process.platform): Promise<{ keychain: Keychain } | { unavailable: string }> {
  let AsyncEntry: typeof import('@napi-rs/keyring').AsyncEntry;
  try {
    ({ AsyncEntry } = await import('@napi-rs/keyring'));
  } catch (error) {
    return { unavailable: `the keychain library has no build for this system (${(error as Error).message.split('\n')[0]})` };
  }
  const entry = (account: string) => new AsyncEntry(service, account, platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  const keychain: Keychain = {
    label: LABELS[platform] ?? 'the system keychain',
    get: async (account) => (await entry(account).getPassword()) ?? undefined,
    set: (account, secret) => entry(account).setPassword(secret),
    delete: async (account) => {
      await entry(account).deleteCredential();
    },
  };
  try {
    await keychain.get('DM Drop keychain check');
    return { keychain };
  } catch (error) {
    return { unavailable: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  // The library nests the D-Bus or OS error as causes; the innermost says what is missing.
  let inner = error as { message?: string; cause?: unknown };
  while (inner.cause && typeof inner.cause === 'object') inner = inner.cause as typeof inner;
  return String(inner.message ?? error).split('\n')[0]!;
}

/**
 * A SecretStore over a keychain. `scope` keeps data dirs apart (two $DMDROP_HOME, two sets of
 * tokens); the default data dir has none, so its entries read plainly in Keychain Access.
 */
export function createKeychainSecretStore(keychain: Keychain, scope?: string): SecretStore {
  const account = (key: string) => (scope ? `${key} @ ${scope}` : key);
  return {
    get: (key) => keychain.get(account(key)),
    set: (key, value) => keychain.set(account(key), value),
    delete: (key) => keychain.delete(account(key)),
  };
}
