// dmdrop share [--provider P] [--caption TEXT] [--max-edge PX] [--keep-names] [--json] FILE…
import { parseArgs } from 'node:util';
import { formatBytes } from '../../shared/format-bytes';
import { ProviderIdSchema } from '../../shared/settings-schema';
import { parseExpiry } from '../../core/links/parse-expiry';
import type { ShareOutcome } from '../../core/engine/engine-events';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';
import { createProgressBar } from '../progress-bar';

export const SHARE_USAGE = 'dmdrop share [--provider dropbox] [--caption TEXT] [--max-edge PX] [--expires 30s|10m|24h|7d|DATE] [--keep-names] [--json] FILE…';

export async function shareCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      caption: { type: 'string' },
      'max-edge': { type: 'string' },
      'keep-names': { type: 'boolean', default: false },
      expires: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError(`Name at least one photo to share.\nUsage: ${SHARE_USAGE}`);
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

  const engine = await ctx.openEngine();
  const { stdout } = ctx.io;
  const bar = createProgressBar(ctx.io);
  const print = (outcome: ShareOutcome) => {
    bar.clear();
    stdout.write(values.json ? JSON.stringify(outcome) + '\n' : humanLine(outcome));
  };
  const off = engine.on((event) => (event.type === 'outcome' ? print(event.outcome) : bar.onEvent(event)));
  try {
    const outcomes = await engine.share(positionals, {
      provider: provider?.data,
      caption: values.caption,
      maxEdge,
      keepNames: values['keep-names'] || undefined,
      expiresAt,
    });
    return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.someFailed;
  } finally {
    off();
    await engine.close();
  }
}

export function humanLine(outcome: ShareOutcome): string {
  if (!outcome.ok) return `✗ ${outcome.file}: ${outcome.error.message} [${outcome.error.code}]\n`;
  const removed = [outcome.removed.location && 'location removed', outcome.removed.camera && 'camera data removed']
    .filter(Boolean)
    .join(', ');
  const facts = [`${formatBytes(outcome.bytesIn)} → ${formatBytes(outcome.bytesOut)}`, `${outcome.width}×${outcome.height}`, removed]
    .filter(Boolean)
    .join(' · ');
  return `✓ ${outcome.file} (${facts}), verified\n  ${outcome.dm}\n`;
}
