// The emulators as a separate process (`npm run emulator`), the way a user's dmdrop meets the
// cloud: its own event loop, reached only over loopback HTTP, its store read through the admin API.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EMULATOR_BIN = fileURLToPath(new URL('../../bin/emulator.js', import.meta.url));

export interface StoredFile {
  provider: string;
  path: string;
  size: number;
  sha256: string;
}

export interface EmulatorProcess {
  env: Record<string, string>;
  files(): Promise<StoredFile[]>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [EMULATOR_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const firstLine = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
    child.once('close', (code) => reject(new Error(`the emulator exited (${code}) before it was ready:\n${stderr}`)));
  });
  const env = (JSON.parse(firstLine) as { env: Record<string, string> }).env;
  return {
    env,
    async files() {
      const res = await fetch(`${env.DMDROP_EMULATOR_ADMIN}/files`);
      if (!res.ok) throw new Error(`admin /files answered ${res.status}`);
      return (await res.json()) as StoredFile[];
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
