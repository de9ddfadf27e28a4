// The app's SecretStore: tokens encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret)
// before they touch the disk. Where the OS offers no real encryption (Linux without a keyring,
// where safeStorage falls back to a fixed key) it refuses rather than store a usable token, unless
// the person explicitly allowed that. A token that no longer decrypts (another keychain, a new
// machine) counts as signed out, and the person is told; it never stops the app.
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../../core/ports/secret-store';
import { DmDropError } from '../../shared/errors';
import { readJsonFile, writeJsonFile } from '../../core/storage/atomic-json-file';

export const APP_SECRETS_FILE = 'app-tokens.enc.json';

export function createSafeStorageSecrets(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string; setUsePlainTextEncryption?: (usePlainText: boolean) => void },
  dataDir: string,
  /** The user's explicit choice (settings) to accept obfuscated-only tokens where no keyring exists. */
  allowUnencrypted: () => boolean = () => false,
  /** A stored token could not be decrypted: the account reads as not connected until it is connected again. */
  onUnreadable: (key: string, error: unknown) => void = () => undefined,
): SecretStore {
  const path = join(dataDir, APP_SECRETS_FILE);
  const ensure = () => {
    const backend = safeStorage.getSelectedStorageBackend?.();
    // With basic_text, isEncryptionAvailable() stays false until plain-text encryption is switched
    // on (Electron's safe-storage.md); only the person's explicit choice does that.
    if (backend === 'basic_text' && allowUnencrypted()) safeStorage.setUsePlainTextEncryption?.(true);
    if (!safeStorage.isEncryptionAvailable()) {
      throw new DmDropError('AUTH_FAILED', 'This system cannot encrypt your tokens, so DM Drop will not store them.');
    }
    if (backend === 'basic_text' && !allowUnencrypted()) {
      throw new DmDropError(
        'AUTH_FAILED',
        'This system has no keyring to encrypt your tokens, so DM Drop will not store them. Install or unlock a keyring (e.g. GNOME Keyring, KWallet), or turn on “Store tokens without a keyring” in Settings if you accept the risk.',
      );
    }
  };
  const load = async () => ((await readJsonFile(path)) ?? {}) as Record<string, string>;
  return {
    async get(key) {
      const sealed = (await load())[key];
      if (!sealed) return undefined;
      try {
        ensure();
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch (error) {
        // Kept on disk (a keychain that is only locked, or access denied once, may answer later);
        // until then the account reads as not connected and connecting again replaces it.
        onUnreadable(key, error);
        return undefined;
      }
    },
    async set(key, value) {
      ensure();
      await writeJsonFile(path, { ...(await load()), [key]: safeStorage.encryptString(value).toString('base64') }, 0o600);
    },
    async delete(key) {
      const all = await load();
      delete all[key];
      await writeJsonFile(path, all, 0o600);
    },
  };
}
