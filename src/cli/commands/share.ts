// dmdrop share [--provider P] [--album [NAME]] [--caption TEXT] [--max-edge PX] [--expires WHEN] [--keep-names] [--json] FILE…|-
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatBytes } from '../../shared/format-bytes';
import { EXPIRY_EXAMPLES, parseExpiry } from '../../shared/expiry';
import { ProviderIdSchema } from '../../shared/settings-schema';
import type { AlbumOutcome, ShareOutcome } from '../../core/engine/engine-events';
import type { ShareOptions } from '../../core/engine/engine';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';
import { createProgressBar } from '../progress-bar';
import { readStdinImage, STDIN_ARG, type StdinImage } from '../stdin-image';
import { readPassword } from '../read-password';

export const SHARE_USAGE = `dmdrop share [--provider dropbox|drive] [--album [NAME]] [--caption TEXT] [--max-edge PX] [--expires ${EXPIRY_EXAMPLES.join('|')}|DATE] [--password] [--keep-names] [--json] FILE…|-`;

/**
 * `--album` takes an optional name, which parseArgs cannot express: the word after it is the
 * name unless it is an option or a file that exists (then the album gets a dated name).
 */
export function takeAlbumFlag(argv: string[], cwdExists: (path: string) => boolean = existsSync): { argv: string[]; album?: { name?: string } } {
  const rest: string[] = [];
  let album: { name?: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--album=')) {
      album = { name: arg.slice('--album='.length) || undefined };
    } else if (arg === '--album') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-') && !cwdExists(next)) {
        album = { name: next };
        i++;
      } else {
        album = {};
      }
    } else {
      rest.push(arg);
    }
  }
  return { argv: rest, album };
}

export async function shareCommand(ctx: CliContext, rawArgv: string[]): Promise<number> {
  if (rawArgv.some((arg) => arg.startsWith('--password='))) {
    throw new UsageError('--password takes no value on the command line, where `ps` and shell history would show it: type it when asked, or pipe it as the first line of standard input.');
  }
  const { argv, album } = takeAlbumFlag(rawArgv);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      caption: { type: 'string' },
      'max-edge': { type: 'string' },
      'keep-names': { type: 'boolean', default: false },
      expires: { type: 'string' },
      password: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError(`Name at least one photo to share (or - for an image on standard input).\nUsage: ${SHARE_USAGE}`);
  if (positionals.filter((p) => p === STDIN_ARG).length > 1) throw new UsageError('Standard input holds one image: name - once.');
  const provider = values.provider === undefined ? undefined : ProviderIdSchema.safeParse(values.provider);
  if (provider && !provider.success) {
    throw new UsageError(`Unknown provider "${values.provider}"; choose one of ${ProviderIdSchema.options.join(', ')}.`);
  }
  let maxEdge: number | undefined;
  if (values['max-edge'] !== undefined) {
    maxEdge = Number(values['max-edge']);
    if (!Number.isInteger(maxEdge) || maxEdge < 256 || maxEdge > 8192) {
      throw new UsageError(`--max-edge must be a whole number of pixels from 256 to 8192, not "${values['max-edge']}".`);
    }
  }

  let expiresAt: Date | undefined;
  if (values.expires !== undefined) {
    try {
      expiresAt = parseExpiry(values.expires, Date.now());
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }

  if (values.password && positionals.includes(STDIN_ARG)) {
    throw new UsageError('--password reads standard input when it is not a terminal, and "share -" reads the image from it: save the image to a file, or run from a terminal.');
  }
  const password = values.password ? await readPassword(ctx.io.stdin, ctx.io.stderr) : undefined;
  // Read before the engine opens: a terminal or an empty pipe is a usage error, nothing is queued.
  const piped: StdinImage | undefined = positionals.includes(STDIN_ARG) ? await readStdinImage(ctx.io.stdin) : undefined;
  const files = positionals.map((p) => (p === STDIN_ARG && piped ? piped.path : p));
  // The person named "-": that is what the lines say, not the temporary copy's path.
  const named = <T extends { file: string }>(outcome: T): T => (piped && outcome.file === piped.path ? { ...outcome, file: STDIN_ARG } : outcome);
  try {
    return await shareFiles(ctx, files, { values, album, provider: provider?.data, maxEdge, expiresAt, password, named });
  } finally {
    await piped?.dispose();
  }
}

interface ShareChoices {
  values: { caption?: string; 'keep-names'?: boolean; json?: boolean };
  album?: { name?: string };
  provider?: ShareOptions['provider'];
  maxEdge?: number;
  expiresAt?: Date;
  password?: string;
  named: <T extends { file: string }>(outcome: T) => T;
}

async function shareFiles(ctx: CliContext, files: string[], { values, album, provider, maxEdge, expiresAt, password, named }: ShareChoices): Promise<number> {
  const engine = await ctx.openEngine();
  const { stdout } = ctx.io;
  const bar = createProgressBar(ctx.io);
  const print = (shared: ShareOutcome) => {
    const outcome = named(shared);
    bar.clear();
    stdout.write(values.json ? JSON.stringify(outcome) + '\n' : humanLine(outcome));
  };
  const printAlbum = (outcome: AlbumOutcome) => {
    bar.clear();
    stdout.write(values.json ? JSON.stringify(outcome) + '\n' : humanAlbumLine(outcome));
  };
  const off = engine.on((event) =>
    event.type === 'outcome' ? print(event.outcome) : event.type === 'album' ? printAlbum(event.outcome) : bar.onEvent(event),
  );
  const options = {
    provider,
    caption: values.caption,
    maxEdge,
    keepNames: values['keep-names'] || undefined,
    expiresAt,
    password,
  };
  try {
    if (album) {
      const result = await engine.shareAlbum(files, { ...options, name: album.name });
      return result.album.ok && result.members.every((o) => o.ok) ? EXIT.ok : EXIT.someFailed;
    }
    const outcomes = await engine.share(files, options);
    return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.someFailed;
  } finally {
    off();
    await engine.close();
  }
}

export function humanAlbumLine(outcome: AlbumOutcome): string {
  if (!outcome.ok) return `✗ Album “${outcome.album}”: ${outcome.error.message} [${outcome.error.code}]\n`;
  return `✓ Album “${outcome.album}” (${outcome.count} photo${outcome.count === 1 ? '' : 's'}), verified\n  ${outcome.dm}\n`;
}

export function humanLine(shared: ShareOutcome): string {
  const outcome = shared.file === STDIN_ARG ? { ...shared, file: 'standard input' } : shared;
  if (!outcome.ok) {
    const later = outcome.resumable ? '  Kept for later: `dmdrop resume` will try it again.\n' : '';
    return `✗ ${outcome.file}: ${outcome.error.message} [${outcome.error.code}]\n${later}`;
  }
  if (outcome.inAlbum !== undefined) return `✓ ${outcome.file} in “${outcome.inAlbum}” (${formatBytes(outcome.bytesIn)} → ${formatBytes(outcome.bytesOut)})\n`;
  const removed = [outcome.removed.location && 'location removed', outcome.removed.camera && 'camera data removed']
    .filter(Boolean)
    .join(', ');
  const facts = [`${formatBytes(outcome.bytesIn)} → ${formatBytes(outcome.bytesOut)}`, `${outcome.width}×${outcome.height}`, removed]
    .filter(Boolean)
    .join(' · ');
  const password = outcome.passwordProtected ? '  The link asks for its password: send it in a separate message.\n' : '';
  return `✓ ${outcome.file} (${facts}), verified${outcome.passwordProtected ? ' with its password' : ''}\n  ${outcome.dm}\n${password}`;
}
