// dmdrop history [--json]: every share, newest first. Reads the journal without taking the lock,
// so it works while the app or another dmdrop is running.
import { parseArgs } from 'node:util';
import { readHistoryPages } from '../../core/queue/history';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';

export async function historyCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  // Page by page: the first lines come out after reading a day or two, however long the history.
  let any = false;
  for await (const entries of readHistoryPages(ctx.dataDir)) {
    for (const entry of entries) {
      any = true;
      if (values.json) ctx.io.stdout.write(JSON.stringify(entry) + '\n');
      else ctx.io.stdout.write(`${entry.createdAt}  ${entry.status.padEnd(7)}  ${entry.file}  ${entry.url ?? entry.error?.message ?? ''}\n`);
    }
  }
  if (!any && !values.json) ctx.io.stdout.write('Nothing shared yet.\n');
  return EXIT.ok;
}
