// A SecretStore that holds nothing: for tests whose tokens come from the environment.
import type { SecretStore } from '../../src/core/ports/secret-store';

export const noSecrets: SecretStore = { get: async () => undefined, set: async () => undefined, delete: async () => undefined };
