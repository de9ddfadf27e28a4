// The CLI's streams, injectable so commands can be tested in-process as well as in a child process.
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

/** Exit codes are an interface: scripts rely on them. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

export class UsageError extends Error {}
