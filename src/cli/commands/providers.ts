// dmdrop providers [--json]: every provider with its connection state, honestly.
import { parseArgs } from 'node:util';
import { listProviders } from '../../core/providers/provider-catalog';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';

export async function providersCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  for (const p of await listProviders(ctx.settings.get(), ctx.secrets, ctx.io.env, undefined, ctx.builtInClients)) {
    ctx.io.stdout.write(
      values.json ? JSON.stringify(p) + '\n' : `${p.default ? '*' : ' '} ${p.name.padEnd(14)} ${p.state}${p.note ? `: ${p.note}` : ''}\n`,
    );
  }
  return EXIT.ok;
}
