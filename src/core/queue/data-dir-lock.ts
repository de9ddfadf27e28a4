// One writer per data dir: two processes rewriting the same journal would lose each other's
// steps. proper-lockfile uses an atomic mkdir plus a refreshed mtime, so a crashed holder's lock
// goes stale on its own instead of blocking the user forever.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { DmDropError } from '../../shared/errors';

export type ReleaseLock = () => Promise<void>;

export async function lockDataDir(dataDir: string): Promise<ReleaseLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, 'dmdrop.lock'),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: (error) => {
        // Someone removed or took our lock: stop rather than risk two writers.
        console.error(`DM Drop lost the lock on ${dataDir}: ${error.message}`);
        process.exit(3);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DmDropError(
        'DATA_DIR_LOCKED',
        `Another DM Drop (the app or a dmdrop command) is using ${dataDir}; wait for it to finish or quit it.`,
      );
    }
    throw error;
  }
}
