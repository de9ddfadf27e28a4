// The CLI's SecretStore: one JSON file readable by the user only (0600). The desktop app uses
// Electron's safeStorage instead; this file is the documented trade-off for headless use.
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '../ports/secret-store';
import { readJsonFile, writeJsonFile } from '../storage/atomic-json-file';

export const SECRETS_FILE = 'cli-tokens.json';

export function createFileSecretStore(dataDir: string): SecretStore {
  const path = join(dataDir, SECRETS_FILE);
  const load = async () => ((await readJsonFile(path)) ?? {}) as Record<string, string>;
  const save = async (all: Record<string, string>) => {
    await writeJsonFile(path, all, 0o600);
    await chmod(path, 0o600); // an existing file keeps its mode through rename on some systems
  };
  return {
    async get(key) {
      return (await load())[key];
    },
    async set(key, value) {
      await save({ ...(await load()), [key]: value });
    },
    async delete(key) {
      const all = await load();
      delete all[key];
      await save(all);
    },
  };
}
