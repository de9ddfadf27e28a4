// The idle figure: the engine watching two folders (a drop folder and a screenshots folder) while
// nothing happens, in a process of its own: `dmdrop watch` started from the CLI bundle as a person
// runs it, signed in to the Dropbox emulator, which runs here, in the benchmark's process. The
// watcher process measures itself (bench/idle-probe.cjs): CPU time over the wall time, and RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDropboxEmulator } from '../emulators/dropbox/server';

const BIN = join(import.meta.dirname, '..', 'bin', 'dmdrop.js');
const PROBE = join(import.meta.dirname, 'idle-probe.cjs');

type Report = { started?: true; cpuMs: number; wallMs: number; rssMb: number };

/**
 * Right after start V8 does one round of work of its own: about 8 s after allocation stops, its
 * memory reducer runs three full mark-compact collections (15 → 11 MB of heap here, ≈ 100–130 ms of
 * CPU across its threads; `--trace-gc` prints them as "Mark-Compact (reduce)"). That is part of
 * starting, not of idling, so the figure is the `seconds` that follow a settle of `SETTLE_S`; the
 * settle's own share is reported next to it (`settleCpuPct`).
 */
const SETTLE_S = 15;

export async function idle(seconds: number): Promise<{ cpuPct: number; rssMb: number; seconds: number; settleSeconds: number; settleCpuPct: number }> {
  const emu = await startDropboxEmulator({});
  const dirs = await Promise.all(['home', 'drop', 'shots'].map((name) => mkdtemp(join(tmpdir(), `dmdrop-bench-idle-${name}-`))));
  const [home, drop, shots] = dirs as [string, string, string];
  const child = spawn(process.execPath, ['--require', PROBE, BIN, 'watch', '--drop', drop, '--screenshots', shots, '--json'], {
    env: { ...process.env, ...emu.dmdropEnv(), DMDROP_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const reply = () =>
    new Promise<Report>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Report));
      child.once('close', (code) => reject(new Error(`dmdrop watch exited (${code}):\n${stderr}`)));
    });
  try {
    // Measured from the watcher's `ready` event: both folders subscribed, the engine open.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('"event":"ready"')) resolve();
      });
      child.once('close', (code) => reject(new Error(`dmdrop watch exited (${code}) before it was ready:\n${stderr}`)));
    });
    const window = async (s: number) => {
      const started = reply();
      child.send('start');
      await started;
      await new Promise((resolve) => setTimeout(resolve, s * 1000)); // the measurement is of doing nothing
      const stopped = reply();
      child.send('stop');
      return stopped;
    };
    const settle = await window(SETTLE_S);
    const report = await window(seconds);
    const pct = (r: Report) => Number(((r.cpuMs / r.wallMs) * 100).toFixed(2));
    return { cpuPct: pct(report), rssMb: Math.round(report.rssMb), seconds, settleSeconds: SETTLE_S, settleCpuPct: pct(settle) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await emu.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}
