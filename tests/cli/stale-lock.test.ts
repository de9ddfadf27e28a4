// `dmdrop resume` right after a crash: the killed dmdrop may not have been reaped yet (a zombie whose
// parent has not waited for it, or never will), so its pid still answers kill(pid, 0). Its lock is
// still stale, and resume must take it over at once instead of answering DATA_DIR_LOCKED.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { LOCK_FILE } from '../../src/core/queue/data-dir-lock';
import { DMDROP_BIN, jsonLines, runCli, waitForStderr } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const stateOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

describe.runIf(process.platform === 'linux')('a lock held by a zombie', () => {
  it('resume takes over the lock of a killed dmdrop its parent has not reaped, and finishes the photo', async () => {
    const emu: DropboxEmulator = await startDropboxEmulator();
    cleanups.push(() => emu.close());
    const env = { ...process.env, FORCE_COLOR: '0', DMDROP_HOME: await tempDir(), ...emu.dmdropEnv() };
    const photo = join(await tempDir(), 'photo.jpg');
    await writeFile(photo, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#468' } }).jpeg().toBuffer());

    // The shell starts dmdrop in the background, then becomes `sleep`, which never waits for
    // children: once dmdrop dies it stays a zombie for as long as the sleep runs.
    const parent = spawn('sh', ['-c', `"${process.execPath}" "${DMDROP_BIN}" share --json "${photo}" & exec sleep 600`], {
      env: { ...env, DMDROP_CRASH_AT: 'after-optimise' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void parent.kill('SIGKILL'));
    await waitForStderr(parent, 'DMDROP_CRASH_POINT after-optimise');
    const { pid } = JSON.parse(await readFile(join(env.DMDROP_HOME, LOCK_FILE), 'utf8')) as { pid: number };
    expect(pid).not.toBe(parent.pid);

    process.kill(pid, 'SIGKILL');
    // Wait for the kernel to finish the kill (an event we can observe, not a timer).
    while (stateOf(pid) !== 'Z') await new Promise((resolve) => setImmediate(resolve));
    expect(() => process.kill(pid, 0)).not.toThrow(); // the pid still "exists": the old check called it alive

    const resumed = await runCli(['resume', '--json'], env);
    expect(resumed.stderr).not.toContain('DATA_DIR_LOCKED');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(jsonLines(resumed.stdout)).toMatchObject([{ file: photo, ok: true, verified: true }]);
    expect(emu.files()).toHaveLength(1);
    expect(stateOf(pid)).toBe('Z'); // still unreaped: the takeover did not depend on it going away
  });
});
