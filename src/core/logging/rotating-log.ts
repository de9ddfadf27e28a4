// A small append-only log with rotation (main.log → main.1.log → … → main.N.log) so it never
// grows without bound; every line is redacted first. Synchronous appends: a line is on disk even
// if the process dies right after.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact';

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export function createRotatingLog(options: { dir: string; name?: string; maxBytes?: number; keep?: number; now?: () => Date }): Logger & { path: string } {
  const name = options.name ?? 'main';
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  const path = join(options.dir, `${name}.log`);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const rotate = () => {
    rmSync(join(options.dir, `${name}.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      const from = join(options.dir, `${name}.${i}.log`);
      if (existsSync(from)) renameSync(from, join(options.dir, `${name}.${i + 1}.log`));
    }
    renameSync(path, join(options.dir, `${name}.1.log`));
  };
  const write = (level: string, message: string, detail?: unknown) => {
    const extra = detail === undefined ? '' : ' ' + (detail instanceof Error ? `${detail.name}: ${detail.message}` : JSON.stringify(detail));
    const line = redact(`${(options.now?.() ?? new Date()).toISOString()} ${level} ${message}${extra}`).replace(/\n/g, '\\n') + '\n';
    if (existsSync(path) && statSync(path).size + line.length > maxBytes) rotate();
    appendFileSync(path, line, { mode: 0o600 });
  };
  return {
    path,
    info: (m, d) => write('INFO', m, d),
    warn: (m, d) => write('WARN', m, d),
    error: (m, d) => write('ERROR', m, d),
  };
}
