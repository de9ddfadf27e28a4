// dmdrop revoke [--json] URL…: afterwards each link opens for nobody (checked anonymously).
import { parseArgs } from 'node:util';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';

export async function revokeCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) throw new UsageError('Name at least one link to revoke.\nUsage: dmdrop revoke [--json] URL…');
  const engine = await ctx.openEngine();
  let failed = 0;
  try {
    for (const url of positionals) {
      const outcome = await engine.revoke(url);
      if (!outcome.ok) failed++;
      ctx.io.stdout.write(
        values.json
          ? JSON.stringify(outcome) + '\n'
          : outcome.ok
            ? `✓ revoked ${url}\n`
            : `✗ ${url}: ${outcome.error?.message} [${outcome.error?.code}]\n`,
      );
    }
  } finally {
    await engine.close();
  }
  return failed ? EXIT.someFailed : EXIT.ok;
}
