// `dmdrop share -`: one image from standard input (`xclip -selection clipboard -t image/png -o |
// dmdrop share -`), copied to a private temporary file so the engine takes it like any other file:
// the same sniffing by magic bytes, pipeline, JSON line and errors. The copy is only read, and the
// caller removes it (and its folder) when the share is over, whatever happened.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../core/intake/inspect-file';
import { sniffFormat } from '../core/intake/sniff-format';
import { UsageError } from './cli-io';

export const STDIN_ARG = '-';

export interface StdinImage {
  path: string;
  /** Removes the copy and its folder; safe to call twice. */
  dispose(): Promise<void>;
}

const EXAMPLE = 'pipe an image in, e.g. `xclip -selection clipboard -t image/png -o | dmdrop share -` or `pngpaste - | dmdrop share -`';

export async function readStdinImage(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, options: { tmp?: string; maxBytes?: number } = {}): Promise<StdinImage> {
  if (stdin.isTTY) throw new UsageError(`"dmdrop share -" reads an image from standard input, which is a terminal here: ${EXAMPLE}.`);
  // One byte over the limit is enough for the engine to refuse it as too large, as it would a file.
  const cap = (options.maxBytes ?? DEFAULT_LIMITS.maxBytes) + 1;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(buffer.subarray(0, cap - size));
    size += Math.min(buffer.length, cap - size);
    if (size >= cap) break;
  }
  if (size === 0) throw new UsageError(`Standard input was empty, so there is no image to share: ${EXAMPLE}.`);
  const data = Buffer.concat(chunks, size);
  const format = sniffFormat(data.subarray(0, 4096));
  // The name is only what messages show; the engine decides the format from the bytes again.
  const name = format ? `stdin.${format === 'jpeg' ? 'jpg' : format}` : 'stdin';
  const dir = await mkdtemp(join(options.tmp ?? tmpdir(), 'dmdrop-stdin-'));
  const path = join(dir, name);
  try {
    await writeFile(path, data, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, dispose: () => rm(dir, { recursive: true, force: true }) };
}
