// dmdrop resume [--json]: finishes the jobs a killed or interrupted run left pending.
import { parseArgs } from 'node:util';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';
import { humanAlbumLine, humanLine } from './share';

export async function resumeCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const engine = await ctx.openEngine();
  const off = engine.on((event) => {
    if (event.type === 'outcome') ctx.io.stdout.write(values.json ? JSON.stringify(event.outcome) + '\n' : humanLine(event.outcome));
    if (event.type === 'album') ctx.io.stdout.write(values.json ? JSON.stringify(event.outcome) + '\n' : humanAlbumLine(event.outcome));
  });
  try {
    const outcomes = await engine.resume();
    if (!values.json && outcomes.length === 0) ctx.io.stdout.write('Nothing to resume.\n');
    return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.someFailed;
  } finally {
    off();
    await engine.close();
  }
}
