// One writer per data dir: two processes rewriting the same journal would lose each other's steps.
// The lock is a file created atomically (O_EXCL) holding the owner's pid and host. A lock whose
// owner is no longer running on this host is taken over at once, so a crash (even SIGKILL) never
// blocks the next run, and no timer has to keep the lock fresh.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DmDropError } from '../../shared/errors';

export type ReleaseLock = () => Promise<void>;

export const LOCK_FILE = 'dmdrop.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * Is the process still running? A process killed a moment ago may still exist as a zombie (dead,
 * not yet reaped by its parent: a shell that has not waited yet, a parent that never will), which
 * `kill(pid, 0)` reports as alive. On Linux its state in /proc says so; elsewhere the signal check.
 */
export function isRunning(pid: number, platform: NodeJS.Platform = process.platform): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (platform !== 'linux') return true;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false; // gone between the two checks
  }
  // "pid (comm) state …": comm may itself hold spaces and parentheses, so read after the last ")".
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

export async function lockDataDir(dataDir: string): Promise<ReleaseLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    } catch {
      owner = undefined; // a lock file torn by a crash mid-write: nobody holds it
    }
    const alive = owner && (owner.host !== me.host || isRunning(owner.pid));
    if (alive) {
      throw new DmDropError(
        'DATA_DIR_LOCKED',
        `Another DM Drop (the app or a dmdrop command, pid ${owner!.pid}) is using ${dataDir}; wait for it to finish or quit it.`,
      );
    }
    await rm(path, { force: true });
  }
  throw new DmDropError('DATA_DIR_LOCKED', `Could not take the lock on ${dataDir}; another DM Drop keeps starting there.`);
}
