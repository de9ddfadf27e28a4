// The one fake of the OS keychain (src/core/config/keychain-secret-store.ts `Keychain`): secrets in
// memory, where tests can look; `unavailable` plays a machine where no keychain answers.
import type { Keychain } from '../../src/core/config/keychain-secret-store';

export interface FakeKeychain extends Keychain {
  readonly entries: Map<string, string>;
}

export function fakeKeychain(): FakeKeychain {
  const entries = new Map<string, string>();
  return {
    label: 'the test keychain',
    entries,
    get: async (account) => entries.get(account),
    set: async (account, secret) => {
      entries.set(account, secret);
    },
    delete: async (account) => {
      entries.delete(account);
    },
  };
}
