// What every command needs: the data dir, settings and the token file, built once per run.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { resolveDataDir } from '../core/config/data-dir';
import { createFileSecretStore } from '../core/config/file-secret-store';
import { loadFileSettings } from '../core/config/file-settings-store';
import { openEngine, type Engine } from '../core/engine/engine';
import type { SecretStore } from '../core/ports/secret-store';
import { BUILT_IN_CLIENTS_FILE, readBuiltInClients, type BuiltInClients } from '../core/providers/oauth-client';
import type { SettingsPort } from '../core/ports/settings-store';
import type { CliIo } from './cli-io';

export interface CliContext {
  io: CliIo;
  dataDir: string;
  settings: SettingsPort;
  secrets: SecretStore;
  /** DM Drop's own OAuth clients, as the last build embedded them for the app (none in a self-built copy). */
  builtInClients: BuiltInClients;
  openEngine(): Promise<Engine>;
}

export async function createCliContext(io: CliIo): Promise<CliContext> {
  const dataDir = resolveDataDir(io.env);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const settings = await loadFileSettings(dataDir);
  const secrets = createFileSecretStore(dataDir);
  const builtInClients = readBuiltInClients(join(packageRoot(import.meta.dirname), 'out', 'main', BUILT_IN_CLIENTS_FILE));
  return {
    io,
    dataDir,
    settings,
    secrets,
    builtInClients,
    openEngine: () =>
      openEngine({
        dataDir,
        settings,
        secrets,
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
