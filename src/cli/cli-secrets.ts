// Where the CLI keeps refresh tokens: the OS keychain when one answers. A token file left by an
// older version (or by an explicit --plaintext-token) is moved into the keychain on first use and
// deleted. Without a keychain (a headless Linux box), tokens already in the 0600 file are still
// read, but a new login stores one there only with the person's explicit consent.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveDataDir } from '../core/config/data-dir';
import { createFileSecretStore, SECRETS_FILE } from '../core/config/file-secret-store';
import { createKeychainSecretStore, openOsKeychain, type Keychain } from '../core/config/keychain-secret-store';
import type { SecretStore } from '../core/ports/secret-store';
import { readJsonFile } from '../core/storage/atomic-json-file';
import { DmDropError } from '../shared/errors';

export type CliSecrets =
  | { kind: 'keychain'; store: SecretStore; label: string; moved: number }
  /** No keychain: the store reads the file but refuses new tokens until `plaintext()` is chosen. */
  | { kind: 'no-keychain'; store: SecretStore; reason: string; plaintext(): SecretStore };

export interface CliSecretsOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Tests hand in a fake; otherwise the OS keychain. `DMDROP_KEYCHAIN=none` acts as if none answered. */
  keychain?: Keychain;
}

export async function openCliSecrets({ dataDir, env, keychain }: CliSecretsOptions): Promise<CliSecrets> {
  const file = createFileSecretStore(dataDir);
  const opened: { keychain: Keychain } | { unavailable: string } = keychain ? { keychain } : env.DMDROP_KEYCHAIN === 'none' ? { unavailable: 'DMDROP_KEYCHAIN=none' } : await openOsKeychain();
  if ('unavailable' in opened) {
    const refusing: SecretStore = {
      get: file.get,
      delete: file.delete,
      set: () => Promise.reject(noKeychainError(opened.unavailable, dataDir)),
    };
    return { kind: 'no-keychain', store: refusing, reason: opened.unavailable, plaintext: () => file };
  }
  const scope = dataDir === resolveDataDir({ ...env, DMDROP_HOME: undefined }) ? undefined : dataDir;
  const store = createKeychainSecretStore(opened.keychain, scope);
  const moved = await moveTokenFile(dataDir, store);
  return { kind: 'keychain', store, label: opened.keychain.label, moved };
}

/** Copies every token of the file into the keychain, reads each back, then deletes the file. */
async function moveTokenFile(dataDir: string, store: SecretStore): Promise<number> {
  const path = join(dataDir, SECRETS_FILE);
  const saved = (await readJsonFile(path)) as Record<string, string> | undefined;
  if (!saved) return 0;
  const entries = Object.entries(saved).filter(([, value]) => typeof value === 'string' && value);
  for (const [key, value] of entries) {
    await store.set(key, value);
    // Deleting the only copy needs proof the keychain kept it.
    if ((await store.get(key)) !== value) {
      throw new DmDropError('CONFIG_INVALID', `The keychain did not keep the token for ${key}; ${path} was left as it is.`);
    }
  }
  await rm(path, { force: true });
  return entries.length;
}

export function noKeychainError(reason: string, dataDir: string): DmDropError {
  return new DmDropError(
    'KEYCHAIN_UNAVAILABLE',
    `No keychain answered (${reason}), so DM Drop will not store your sign-in; on Linux start a Secret Service such as GNOME Keyring or KWallet, ` +
      `or run the login again with --plaintext-token to keep it in ${join(dataDir, SECRETS_FILE)}, a file only you can read ` +
      `(or set "allowUnencryptedTokens": true in settings.json).`,
  );
}
