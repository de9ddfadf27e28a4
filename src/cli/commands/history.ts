// dmdrop history [--json]: every share, newest first. Reads the journal without taking the lock,
// so it works while the app or another dmdrop is running.
import { parseArgs } from 'node:util';
import { readHistory } from '../../core/queue/history';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';

export async function historyCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const entries = await readHistory(ctx.dataDir);
  if (values.json) {
    for (const entry of entries) ctx.io.stdout.write(JSON.stringify(entry) + '\n');
    return EXIT.ok;
  }
  if (entries.length === 0) ctx.io.stdout.write('Nothing shared yet.\n');
  for (const entry of entries) {
    const where = entry.url ?? entry.error?.message ?? '';
    ctx.io.stdout.write(`${entry.createdAt}  ${entry.status.padEnd(7)}  ${entry.file}  ${where}\n`);
  }
  return EXIT.ok;
}
