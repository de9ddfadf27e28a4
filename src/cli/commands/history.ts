// dmdrop history [--check] [--json]: every share, newest first. Without --check it reads the
// journal without taking the lock, so it works while the app or another dmdrop is running, page by
// page (the first lines come out after reading a day or two, however long the history). With
// --check every live link is opened again as a stranger and its health printed (ok, closed,
// failing: no answer); that needs the providers, so it opens the engine. It closes nothing.
import { parseArgs } from 'node:util';
import { checkLiveLinks, type LinkCheckReport } from '../../core/links/link-health';
import { readHistoryPages, type HistoryEntry } from '../../core/queue/history';
import type { CliContext } from '../cli-context';
import { EXIT } from '../cli-io';

export const HISTORY_USAGE = 'dmdrop history [--check] [--json]';

export async function historyCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } } });
  let any = false;
  const print = (entries: readonly HistoryEntry[], reports?: Map<string, LinkCheckReport>) => {
    for (const entry of entries) {
      any = true;
      const report = reports?.get(entry.id);
      if (values.json) {
        ctx.io.stdout.write(JSON.stringify(report ? { ...entry, health: report.health, healthMessage: report.message } : entry) + '\n');
        continue;
      }
      ctx.io.stdout.write(`${entry.createdAt}  ${entry.status.padEnd(7)}  ${entry.file}  ${entry.url ?? entry.error?.message ?? ''}\n`);
      if (report) ctx.io.stdout.write(`  ${report.health === 'ok' ? '✓' : '✗'} ${report.health}: ${report.message}\n`);
      if (entry.status === 'live' && entry.albumHealth === 'failing') {
        ctx.io.stdout.write(`  ! album “${entry.album}”: its last check failed; the link stays open for the people who have it and is checked again.\n`);
      }
    }
  };
  if (values.check) {
    const engine = await ctx.openEngine();
    try {
      const entries = engine.history();
      print(entries, await checkLiveLinks(engine));
    } finally {
      await engine.close();
    }
  } else {
    for await (const entries of readHistoryPages(ctx.dataDir)) print(entries);
  }
  if (!any && !values.json) ctx.io.stdout.write('Nothing shared yet.\n');
  return EXIT.ok;
}
