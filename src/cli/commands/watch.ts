// dmdrop watch [--drop DIR] [--screenshots [DIR]] [--cancel-window S] [--ask] [--album-per-day]
//              [--provider P] [--json]
// Watches the drop folder and/or the screenshots folder and shares what arrives, headless. In a
// terminal (or on a piped stdin), `c` + Enter cancels files still in their window, `y`/`n` answer
// in --ask mode, `p` pauses and resumes.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AutoShare, type WatchEvent } from '../../core/watch/auto-share';
import { systemOsInputs } from '../../core/watch/screenshot-folders';
import { watchedFoldersFrom } from '../../core/watch/watched-folders';
import { ProviderIdSchema } from '../../shared/settings-schema';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';

export const WATCH_USAGE = 'dmdrop watch [--drop DIR] [--screenshots [DIR]] [--cancel-window S] [--ask] [--album-per-day] [--provider P] [--json]';

/** `--screenshots` takes an optional DIR: the next word, unless it is another option. */
function takeScreenshotsFlag(argv: string[]): { argv: string[]; screenshots?: { dir?: string } } {
  const rest: string[] = [];
  let screenshots: { dir?: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--screenshots=')) screenshots = { dir: arg.slice('--screenshots='.length) || undefined };
    else if (arg === '--screenshots') {
      const next = argv[i + 1];
      screenshots = next !== undefined && !next.startsWith('-') ? { dir: argv[++i] } : {};
    } else rest.push(arg);
  }
  return { argv: rest, screenshots };
}

export async function watchCommand(ctx: CliContext, rawArgv: string[]): Promise<number> {
  const { argv, screenshots } = takeScreenshotsFlag(rawArgv);
  const { values } = parseArgs({
    args: argv,
    options: {
      drop: { type: 'string', multiple: true },
      'cancel-window': { type: 'string' },
      ask: { type: 'boolean', default: false },
      'album-per-day': { type: 'boolean', default: false },
      provider: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const settings = ctx.settings.get().watch;
  const cancelWindowSec = values['cancel-window'] === undefined ? settings.cancelWindowSec : Number(values['cancel-window']);
  if (!Number.isFinite(cancelWindowSec) || cancelWindowSec < 0 || cancelWindowSec > 120) {
    throw new UsageError(`--cancel-window must be a number of seconds from 0 to 120, not "${values['cancel-window']}".\nUsage: ${WATCH_USAGE}`);
  }
  const provider = values.provider === undefined ? settings.provider : ProviderIdSchema.safeParse(values.provider).data;
  if (values.provider !== undefined && !provider) throw new UsageError(`Unknown provider "${values.provider}".`);

  // The drop folder unless only screenshots were asked for; screenshots only with --screenshots.
  const folders = watchedFoldersFrom(settings, systemOsInputs(), {
    drops: values.drop ?? (screenshots ? [] : undefined),
    screenshots: screenshots ? (screenshots.dir ?? true) : false,
    albumPerDay: values['album-per-day'] || settings.albumPerDay,
    provider,
  });

  const engine = await ctx.openEngine();
  const service = new AutoShare({ engine, dataDir: ctx.dataDir, folders, cancelWindowMs: cancelWindowSec * 1000, ask: values.ask });
  service.on((event) => ctx.io.stdout.write(values.json ? JSON.stringify(event) + '\n' : humanWatchLine(event)));

  // `on`, not `once`: write-file-atomic's signal-exit re-raises a signal when it believes it is the
  // last listener, which a `once` listener (removed before it runs) would let it believe mid-write.
  // A second signal stops at once.
  let signalled = 0;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => (++signalled > 1 ? process.exit(130) : stop());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const input = createInterface({ input: ctx.io.stdin, terminal: false });
  input.on('line', (line) => {
    const command = line.trim().toLowerCase();
    if (command === 'c') service.cancelAll();
    else if (command === 'y' || command === 'n') service.answer(command === 'y');
    else if (command === 'p' && service.isPaused) service.unpause();
    else if (command === 'p') service.pause();
  });
  try {
    await service.start();
    await stopped;
    return EXIT.ok;
  } finally {
    input.close();
    await service.close();
    await engine.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function humanWatchLine(event: WatchEvent): string {
  switch (event.event) {
    case 'ready':
      return `Watching ${event.folders.join(', ')}. Type c + Enter to cancel a file in its window, p to pause, Ctrl-C to stop.\n`;
    case 'detected':
      return event.cancelWindowMs > 0 ? `• ${event.file}: sharing in ${event.cancelWindowMs / 1000} s (c to cancel)\n` : `• ${event.file}: sharing\n`;
    case 'ask':
      return `? Share ${event.file}? (y/n)\n`;
    case 'cancelled':
      return `✗ ${event.file}: cancelled, nothing was uploaded\n`;
    case 'skipped':
      return `- ${event.file}: skipped (${event.reason})\n`;
    case 'shared':
      return `✓ ${event.file}${event.reused ? ' (already shared: same link)' : ''}\n  ${event.dm}\n`;
    case 'error': {
      const later = { automatic: '  Kept: it will be tried again by itself.\n', resume: '  Kept for later: `dmdrop resume` will try it again.\n' };
      return `✗ ${event.file}: ${event.error.message} [${event.error.code}]\n${event.retry ? later[event.retry] : ''}`;
    }
    case 'paused':
      return 'Paused: new files wait until you resume (p).\n';
    case 'resumed':
      return 'Resumed.\n';
    case 'folder-gone':
      return `! ${event.folder} was removed; watching for it to come back.\n`;
    case 'folder-back':
      return `! ${event.folder} is back.\n`;
  }
}
