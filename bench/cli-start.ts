// The cliStart figure: `dmdrop providers` as a new process, as a person or a script runs it
// (node bin/dmdrop.js: the freshness check, then the bundle), from spawn to exit. Reported beside
// the same count of empty Node starts, the floor no CLI on this Node can go under.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', 'bin', 'dmdrop.js');

function timedRun(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function cliStart(runs: number): Promise<{ ms: number; nodeMs: number; runs: number }> {
  const home = await mkdtemp(join(tmpdir(), 'dmdrop-bench-cli-'));
  const env = { ...process.env, DMDROP_HOME: home };
  try {
    // The first start builds the bundle if a source changed since it was made: not counted, as a
    // person meets it once after an update, not at every start.
    await timedRun([BIN, 'providers'], env);
    const cli: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < runs; i++) {
      // In turn, so a change in the machine's load touches both alike.
      cli.push(await timedRun([BIN, 'providers'], env));
      node.push(await timedRun(['-e', ''], env));
    }
    return { ms: Math.round(median(cli)), nodeMs: Math.round(median(node)), runs };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
