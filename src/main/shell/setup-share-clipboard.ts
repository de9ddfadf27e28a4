// "Share Clipboard" (its hotkey and its tray item): whatever the clipboard holds is shared the way a
// dropped photo is. An image (a screenshot taken to the clipboard) gets a temporary file of its own
// in the data dir, removed once its job is over; files copied in a file manager are shared as those
// files (what is not a photo fails with the usual per-file error); anything else is said. The
// engine puts the DM text on the clipboard once the link is verified, replacing the image.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Engine } from '../../core/engine/engine';
import type { ShareOutcome } from '../../core/engine/engine-events';
import type { Logger } from '../../core/logging/rotating-log';
import type { ClipboardContent, ClipboardPort } from '../../core/ports/clipboard';
import type { HistoryEntry } from '../../core/queue/history';
import { retryKindOf } from '../../shared/retry-kind';
import type { Notifications } from './setup-notifications';

/** Where images read from the clipboard wait for their job (one file each). */
export const CLIPBOARD_DIR = 'clipboard';

export interface ShareClipboardDeps {
  clipboard: Pick<ClipboardPort, 'read'>;
  engine: Pick<Engine, 'on' | 'history'>;
  dataDir: string;
  /** Sharing's `share` (the same road as files dropped on the window); settles when the photos are done. */
  share(paths: string[]): Promise<void> | void;
  notifications: Pick<Notifications, 'notify' | 'tell'>;
  log: Pick<Logger, 'warn'>;
}

export interface ShareClipboard {
  /** Reads the clipboard and shares what it holds; resolves, saying what it found, once that share is over. */
  shareClipboard(): Promise<ClipboardContent['kind'] | 'unreadable'>;
  /** Removes temporary images whose job is over (a crash or a quit can leave some). */
  sweep(): Promise<void>;
  /** Stops listening, once the removals under way are done. */
  close(): Promise<void>;
}

export function setupShareClipboard(deps: ShareClipboardDeps): ShareClipboard {
  const dir = join(deps.dataDir, CLIPBOARD_DIR);
  const ours = (file: string) => dirname(resolve(file)) === resolve(dir);
  const remove = (file: string) => rm(file, { force: true }).catch((error: unknown) => deps.log.warn('could not remove a clipboard image', error));

  // A temporary image is kept while its job can still run: pending, or failed for a reason a retry
  // (automatic, or after the person signs in again) can get past; otherwise it goes.
  const finished = (outcome: ShareOutcome) => outcome.ok || !outcome.resumable;
  const stillNeeded = (entry: HistoryEntry) => entry.status === 'pending' || (entry.status === 'failed' && entry.error !== undefined && retryKindOf(entry.error.code) !== undefined);
  const stillNeededNow = (file: string) => deps.engine.history().some((entry) => resolve(entry.file) === resolve(file) && stillNeeded(entry));
  const removing = new Set<Promise<void>>();
  const unsubscribe = deps.engine.on((event) => {
    if (event.type !== 'outcome' || !ours(event.outcome.file) || !finished(event.outcome)) return;
    const removal = remove(event.outcome.file).finally(() => removing.delete(removal));
    removing.add(removal);
  });

  return {
    async shareClipboard() {
      let content: ClipboardContent;
      try {
        content = await deps.clipboard.read();
      } catch (error) {
        deps.log.warn('clipboard read failed', error);
        deps.notifications.tell('Could not read the clipboard', 'The clipboard is not available right now. Drop the photo on DM Drop’s window instead.');
        return 'unreadable';
      }
      if (content.kind === 'files') await deps.share(content.paths);
      else if (content.kind === 'image') {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const path = join(dir, `clipboard-${randomUUID().slice(0, 8)}.${extensionOf(content.type)}`);
        await writeFile(path, content.data, { mode: 0o600 });
        await deps.share([path]);
        // Done, failed for good, or refused before it was queued: nothing will read it again.
        if (!stillNeededNow(path)) await remove(path);
      } else deps.notifications.notify('No image on the clipboard', 'Copy a screenshot or a photo (or photos in your file manager), then choose Share Clipboard again.');
      return content.kind;
    },
    async sweep() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const needed = new Set(deps.engine.history().filter(stillNeeded).map((entry) => resolve(entry.file)));
      await Promise.all(names.map((name) => join(dir, name)).filter((file) => !needed.has(resolve(file))).map(remove));
    },
    async close() {
      unsubscribe();
      await Promise.all(removing);
    },
  };
}

/** `image/png` → `png`; `image/jpeg` → `jpg` (intake goes by the bytes; the name is for people). */
function extensionOf(type: string): string {
  const sub = (type.split('/')[1] ?? 'png').replace(/[^a-z0-9]/gi, '').toLowerCase();
  return sub === 'jpeg' ? 'jpg' : sub || 'png';
}
