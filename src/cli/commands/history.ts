// dmdrop history [--check] [--json]: every share, newest first. Without --check it reads the
// journal without taking the lock, so it works while the app or another dmdrop is running. With
// --check every live link is opened again as a stranger and its health printed (ok, closed,
// failing: no answer); that needs the providers, so it opens the engine. It closes nothing.
import { parseArgs } from 'node:util';
import { checkLiveLinks, type LinkCheckReport } from '../../core/links/link-health';
import { readHistory, type HistoryEntry } from '../../core/queue/history';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';

export const HISTORY_USAGE = 'dmdrop history [--check] [--json]';

export async function historyCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } } });
  let entries: HistoryEntry[];
  let reports = new Map<string, LinkCheckReport>();
  if (values.check) {
    const engine = await ctx.openEngine();
    try {
      entries = engine.history();
      reports = await checkLiveLinks(engine);
    } finally {
      await engine.close();
    }
  } else entries = await readHistory(ctx.dataDir);

  if (values.json) {
    for (const entry of entries) {
      const report = reports.get(entry.id);
      ctx.io.stdout.write(JSON.stringify(report ? { ...entry, health: report.health, healthMessage: report.message } : entry) + '\n');
    }
    return EXIT.ok;
  }
  if (entries.length === 0) ctx.io.stdout.write('Nothing shared yet.\n');
  for (const entry of entries) {
    const where = entry.url ?? entry.error?.message ?? '';
    ctx.io.stdout.write(`${entry.createdAt}  ${entry.status.padEnd(7)}  ${entry.file}  ${where}\n`);
    const report = reports.get(entry.id);
    if (report) ctx.io.stdout.write(`  ${report.health === 'ok' ? '✓' : '✗'} ${report.health}: ${report.message}\n`);
  }
  return EXIT.ok;
}
