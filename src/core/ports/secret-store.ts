/**
 * Tokens at rest. The app backs this with Electron's safeStorage; the CLI with a 0600 file.
 * The engine never persists a secret any other way.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
