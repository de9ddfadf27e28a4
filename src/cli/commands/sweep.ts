// dmdrop sweep [--json]: revoke every link whose expiry has passed (reported as late when nothing
// was running at the time). The app does this by itself at start and when each expiry comes.
import { parseArgs } from 'node:util';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';

export async function sweepCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const engine = await ctx.openEngine();
  try {
    const outcomes = await engine.sweep();
    for (const o of outcomes) {
      ctx.io.stdout.write(
        values.json
          ? JSON.stringify(o) + '\n'
          : o.ok
            ? `✓ expired ${o.file}${o.late ? ' (late: nothing was running when it expired)' : ''}\n`
            : `✗ ${o.file}: ${o.error?.message} [${o.error?.code}]\n`,
      );
    }
    if (!values.json && outcomes.length === 0) ctx.io.stdout.write('No link is due to expire.\n');
    return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.someFailed;
  } finally {
    await engine.close();
  }
}
