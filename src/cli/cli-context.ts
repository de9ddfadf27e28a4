// What every command needs: the data dir, settings and the token file, built once per run.
import { mkdir } from 'node:fs/promises';
import { resolveDataDir } from '../core/config/data-dir';
import { createFileSecretStore } from '../core/config/file-secret-store';
import { loadFileSettings } from '../core/config/file-settings-store';
import type { Engine } from '../core/engine/engine';
import type { SecretStore } from '../core/ports/secret-store';
import type { SettingsPort } from '../core/ports/settings-store';
import type { CliIo } from './cli-io';

export interface CliContext {
  io: CliIo;
  dataDir: string;
  settings: SettingsPort;
  secrets: SecretStore;
  openEngine(): Promise<Engine>;
}

export async function createCliContext(io: CliIo): Promise<CliContext> {
  const dataDir = resolveDataDir(io.env);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const settings = await loadFileSettings(dataDir);
  const secrets = createFileSecretStore(dataDir);
  return {
    io,
    dataDir,
    settings,
    secrets,
    // Loaded on demand: the engine brings sharp and the providers' SDKs, which `providers`,
    // `history` and `login` do not need.
    openEngine: async () =>
      (await import('../core/engine/engine')).openEngine({
        dataDir,
        settings,
        secrets,
        env: io.env,
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
