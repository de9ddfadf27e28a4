// What every command needs: the data dir, settings and the token store (the OS keychain, see
// cli-secrets.ts), built once per run. The token store opens on first use: opening it loads the
// keychain library, asks the keychain and moves an old token file into it, which `providers` (with
// no OAuth client set up), `history` and `--help` never need.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { resolveDataDir } from '../core/config/data-dir';
import { loadFileSettings } from '../core/config/file-settings-store';
import type { Engine } from '../core/engine/engine';
import type { SecretStore } from '../core/ports/secret-store';
import { BUILT_IN_CLIENTS_FILE, readBuiltInClients, type BuiltInClients } from '../core/providers/oauth-client';
import type { SettingsPort } from '../core/ports/settings-store';
import type { Keychain } from '../core/config/keychain-secret-store';
import type { CliIo } from './cli-io';
import { openCliSecrets, type CliSecrets } from './cli-secrets';

export interface CliContext {
  io: CliIo;
  dataDir: string;
  settings: SettingsPort;
  /** The tokens; the store behind it opens (see `tokens`) at the first get, set or delete. */
  secrets: SecretStore;
  /**
   * Where tokens live, opened once, on the first call: the keychain is probed and a token file left
   * by an older version is moved into it then. `dmdrop login` asks it whether a new one may be stored.
   */
  tokens(): Promise<CliSecrets>;
  /** DM Drop's own OAuth clients, as the last build embedded them for the app (none in a self-built copy). */
  builtInClients: BuiltInClients;
  openEngine(): Promise<Engine>;
}

/** What tests may replace: the OS keychain. */
export interface CliDeps {
  keychain?: Keychain;
}

export async function createCliContext(io: CliIo, deps: CliDeps = {}): Promise<CliContext> {
  const dataDir = resolveDataDir(io.env);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const settings = await loadFileSettings(dataDir);
  let opened: Promise<CliSecrets> | undefined;
  const tokens = () =>
    (opened ??= openCliSecrets({ dataDir, env: io.env, keychain: deps.keychain }).then((tokens) => {
      if (tokens.kind === 'keychain' && tokens.moved > 0) {
        io.stderr.write(`Moved ${tokens.moved === 1 ? 'the saved sign-in' : `${tokens.moved} saved sign-ins`} from the token file into ${tokens.label}; the file is deleted.\n`);
      }
      return tokens;
    }));
  const secrets: SecretStore = {
    get: async (key) => (await tokens()).store.get(key),
    set: async (key, value) => (await tokens()).store.set(key, value),
    delete: async (key) => (await tokens()).store.delete(key),
  };
  const builtInClients = readBuiltInClients(join(packageRoot(import.meta.dirname), 'out', 'main', BUILT_IN_CLIENTS_FILE));
  return {
    io,
    dataDir,
    settings,
    secrets,
    tokens,
    builtInClients,
    // Loaded on demand: the engine brings sharp and the providers' SDKs, which `providers`,
    // `history` and `login` do not need. Every command with an engine uploads, revokes or checks
    // with a token, so the store opens first: a keychain that cannot take the old token file stops
    // the command as a configuration error before any work, not as a failure of each file.
    openEngine: async () =>
      (await import('../core/engine/engine')).openEngine({
        dataDir,
        settings,
        secrets: (await tokens()).store,
        env: io.env,
        builtInClients,
        providerTuning: {
          dropboxChunkThreshold: numberFromEnv(io.env.DMDROP_DROPBOX_CHUNK_THRESHOLD),
          dropboxChunkSize: numberFromEnv(io.env.DMDROP_DROPBOX_CHUNK_SIZE),
          driveResumableThreshold: numberFromEnv(io.env.DMDROP_DRIVE_RESUMABLE_THRESHOLD),
          driveChunkSize: numberFromEnv(io.env.DMDROP_DRIVE_CHUNK_SIZE),
        },
      }),
  };
}

function numberFromEnv(value: string | undefined): number | undefined {
  const n = value ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The folder with DM Drop's package.json, wherever this module runs from (the sources or a bundle). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
