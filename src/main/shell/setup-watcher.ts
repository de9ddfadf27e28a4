// Auto-upload in the app: the folders from settings (core/watch/watched-folders: the drop folder
// always, screenshots once turned on), what the watcher finds said in notifications (a Cancel
// button on macOS), and photos waiting for the network retried when the machine wakes up.
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/rotating-log';
import type { SettingsPort } from '../../core/ports/settings-store';
import { AutoShare, type WatchEvent } from '../../core/watch/auto-share';
import type { OsInputs } from '../../core/watch/screenshot-folders';
import { watchedFoldersFrom } from '../../core/watch/watched-folders';
import type { ShellElectron } from './app-shell';
import type { NotifyExtra } from './setup-notifications';

export interface WatcherDeps {
  engine: Engine;
  dataDir: string;
  settings: Pick<SettingsPort, 'get'>;
  osInputs: OsInputs;
  powerMonitor: ShellElectron['powerMonitor'];
  log: Pick<Logger, 'error'>;
  notify(title: string, body: string, extra?: NotifyExtra): void;
  copy(text: string): Promise<boolean>;
  /** The watcher's state changed (paused, a file found): the tray shows it. */
  changed(): void;
}

export async function setupWatcher(deps: WatcherDeps): Promise<AutoShare> {
  const { notify } = deps;
  const watch = deps.settings.get().watch;
  const watcher = new AutoShare({
    engine: deps.engine,
    dataDir: deps.dataDir,
    folders: watchedFoldersFrom(watch, deps.osInputs),
    cancelWindowMs: watch.cancelWindowSec * 1000,
    ask: watch.askBeforeUpload,
  });
  const name = (file: string) => file.split(/[\\/]/).pop();
  watcher.on((event: WatchEvent) => {
    if (event.event === 'detected' && event.cancelWindowMs > 0) {
      notify('Sharing a new photo', `${name(event.file)} will be shared in ${event.cancelWindowMs / 1000} s. Click to review, or cancel.`, { cancel: () => watcher.cancel(event.file) });
    } else if (event.event === 'ask') {
      notify('Share this photo?', `${name(event.file)} arrived. Open DM Drop to share or skip it.`);
    } else if (event.event === 'shared' && event.reused) {
      // A fresh share is delivered by the engine (clipboard + notification); a reused link is ours to deliver.
      const dm = event.dm;
      void (async () => {
        const copied = deps.settings.get().copyToClipboard && (await deps.copy(dm));
        notify('Link ready', copied ? 'Already shared before: the same link is on your clipboard.' : 'Already shared before: its link is in DM Drop’s history.');
      })();
    }
    deps.changed();
  });
  await watcher.start().catch((error: unknown) => deps.log.error('watcher did not start', error));
  // Back from sleep the network is usually back too: photos waiting for it are retried at once.
  deps.powerMonitor.on('resume', () => watcher.networkMayBeBack());
  return watcher;
}
