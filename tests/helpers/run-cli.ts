// Runs the real dmdrop CLI as a child process (node bin/dmdrop.js), the way users and scripts do:
// from its bundle, made here once per test worker if the sources changed since it was last made.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshBundle } from '../../scripts/cli-bundle.mjs';

export const DMDROP_BIN = fileURLToPath(new URL('../../bin/dmdrop.js', import.meta.url));

// The tests prove what users run: the bundle, not the sources through tsx (the bin's fallback).
if (!(await freshBundle())) throw new Error('The CLI could not be bundled (node scripts/cli-bundle.mjs says why).');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, options: { stdin?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, [DMDROP_BIN, ...args], {
    // Never the developer's own keychain: a test that stores tokens chooses the file (--plaintext-token).
    env: { ...process.env, DMDROP_KEYCHAIN: 'none', ...env, FORCE_COLOR: '0' },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
}

/** Follows a child's JSON-lines stdout: `next(test)` resolves with the first line (from now on, or already seen) that passes. */
export function jsonEvents(child: ChildProcess) {
  const lines: Record<string, unknown>[] = [];
  const waiters: { test: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.test(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  return {
    lines,
    next: (test: (line: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const seen = lines.find(test);
        if (seen) return resolve(seen);
        waiters.push({ test, resolve });
        child.once('close', (code) => reject(new Error(`dmdrop exited (${code}) while waiting; saw ${JSON.stringify(lines)}`)));
      }),
  };
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** `input`: what the child reads on standard input (a pipe, as from `xclip … |`); without it, stdin is /dev/null. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { input?: Buffer | string } = {}): Promise<CliResult> {
  const child = startCli(args, env, { stdin: options.input !== undefined });
  const result = collect(child);
  // A child that exits before reading everything closes the pipe: that is its answer, not ours to throw.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.input);
  return result;
}

/** Resolves once the child's stderr contains `text` (an event, not a timer). */
export function waitForStderr(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (seen.includes(text)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('close', (code) => reject(new Error(`dmdrop exited (${code}) before "${text}":\n${seen}`)));
  });
}

export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
