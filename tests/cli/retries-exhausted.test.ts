// A photo that runs out of retries is not silently final, as the user sees it in the terminal: the
// line says it is kept and how it will be tried again, the JSON says `resumable: true`, and then it
// is shared once: by `dmdrop resume` after `dmdrop share`, by `dmdrop watch` itself while it runs.
// Real CLI processes, real files, the Dropbox emulator over loopback with a scripted fault: the one
// upload call is answered "429, retry after 0 s" six times (the whole budget of one call, spent at
// once instead of after ~15 s of backoff), then normally.
import type { ChildProcess } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { useTempDirs } from '../helpers/temp-dir';
import { collect, jsonLines, runCli, startCli } from '../helpers/run-cli';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  emu = await startDropboxEmulator();
  env = { DMDROP_HOME: await tempDir(), ...emu.dmdropEnv() };
});
afterEach(async () => {
  await emu.close();
});

async function photo(name: string): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, await sharp({ create: { width: 320, height: 240, channels: 3, background: '#a63', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
  return path;
}

/** Every upload attempt of the next call fails: six attempts is the engine's budget per call. */
const exhaustOneUpload = () => emu.faults.add({ route: 'files/upload', kind: '429-json', retryAfter: 0, times: 6 });
const uploadsAccepted = () => emu.requests.filter((r) => r.route === 'files/upload' && r.status === 200).length;
const uploadsRefused = () => emu.requests.filter((r) => r.route === 'files/upload' && r.status === 429).length;

/** After the retry: the photo stored once, uploaded once, one live entry, nothing left to resume. */
async function expectSharedOnce() {
  expect(emu.files()).toHaveLength(1);
  expect(uploadsAccepted()).toBe(1);
  const history = jsonLines((await runCli(['history', '--json'], env)).stdout);
  expect(history.map((h) => h.status)).toEqual(['live']);
  const again = await runCli(['resume', '--json'], env);
  expect(again.code).toBe(0);
  expect(jsonLines(again.stdout)).toEqual([]);
  expect(emu.files()).toHaveLength(1);
  expect(uploadsAccepted()).toBe(1);
}

describe('a photo that runs out of retries', () => {
  it('dmdrop share says it is kept for dmdrop resume, and dmdrop resume shares it once', async () => {
    const file = await photo('sunset.jpg');
    exhaustOneUpload();
    const shared = await runCli(['share', file], env);
    expect(shared.code).toBe(1);
    expect(uploadsRefused()).toBe(6);
    expect(shared.stdout).toContain(`✗ ${file}: `);
    expect(shared.stdout).toContain('[RATE_LIMITED]\n  Kept for later: `dmdrop resume` will try it again.\n');
    expect(emu.files()).toHaveLength(0);

    const resumed = await runCli(['resume'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`✓ ${file} `);
    await expectSharedOnce();
  });

  it('dmdrop share --json marks it resumable: true, and dmdrop resume --json shares it once', async () => {
    const file = await photo('harbour.jpg');
    exhaustOneUpload();
    const shared = await runCli(['share', '--json', file], env);
    expect(shared.code).toBe(1);
    const [line, ...rest] = jsonLines(shared.stdout);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ ok: false, file, error: { code: 'RATE_LIMITED' }, resumable: true });

    const resumed = await runCli(['resume', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const [done, ...more] = jsonLines(resumed.stdout);
    expect(more).toEqual([]);
    expect(done).toMatchObject({ ok: true, file, jobId: line!.jobId, verified: true });
    await expectSharedOnce();
  });

  it('dmdrop watch says it will be tried again by itself, and shares it once without being asked', async () => {
    const drop = await tempDir();
    const child = startCli(['watch', '--drop', drop, '--cancel-window', '0'], env, { stdin: true });
    const result = collect(child);
    const out = stdoutOf(child);
    await out.until('Watching ');
    exhaustOneUpload();
    // Arrives whole, as a finished download does.
    await rename(await photo('ferry.jpg'), join(drop, 'ferry.jpg'));
    await out.until('[RATE_LIMITED]\n  Kept: it will be tried again by itself.\n');
    expect(out.text()).toMatch(/✗ \S*ferry\.jpg: .*\[RATE_LIMITED\]\n {2}Kept: it will be tried again by itself\.\n/);
    expect(emu.files()).toHaveLength(0);
    // The automatic retry (15 s after the failure) shares it, with no command typed.
    await out.until('✓ ');
    expect(out.text()).toMatch(/✓ \S*ferry\.jpg\n/);
    child.kill('SIGTERM');
    expect((await result).code).toBe(0);
    expect(out.text().match(/^[✓✗] /gm)).toHaveLength(2);
    await expectSharedOnce();
  }, 90_000);
});

/** Follows a child's human output: `until(text)` resolves once stdout holds it (an event, not a timer). */
function stdoutOf(child: ChildProcess) {
  let seen = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    seen += d;
    for (const wake of waiters) wake();
  });
  return {
    text: () => seen,
    until: (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => seen.includes(text) && (waiters.delete(check), resolve());
        waiters.add(check);
        check();
        child.once('close', (code) => reject(new Error(`dmdrop exited (${code}) before "${text}":\n${seen}`)));
      }),
  };
}
