// One folder watched through the OS's own change notifications (@parcel/watcher: inotify,
// FSEvents, ReadDirectoryChangesW; the watcher VS Code uses), never by polling. Only the folder's
// own files matter. If the folder itself is deleted, a cheap non-recursive watch on its parent waits
// for it to come back, and the caller is told so it can look at what the new folder holds.
import watcher, { type AsyncSubscription } from '@parcel/watcher';
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface FolderWatchHandlers {
  /** A file in the folder was created, changed or deleted. */
  onChange(path: string, type: 'create' | 'update' | 'delete'): void;
  /** The folder appeared (again): every file in it is new. */
  onAppeared(): void;
  onGone(): void;
  onError(error: Error): void;
}

export interface FolderWatch {
  close(): Promise<void>;
}

const isDir = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

export async function watchFolder(folder: string, handlers: FolderWatchHandlers): Promise<FolderWatch> {
  let subscription: AsyncSubscription | undefined;
  let parentWatch: FSWatcher | undefined;
  let closed = false;

  const subscribe = async () => {
    subscription = await watcher.subscribe(folder, (error, events) => {
      if (error) return handlers.onError(error);
      for (const event of events) {
        if (event.path === folder && event.type === 'delete') {
          void gone();
          return;
        }
        if (dirname(event.path) === folder) handlers.onChange(event.path, event.type);
      }
    });
  };

  const gone = async () => {
    const current = subscription;
    subscription = undefined;
    await current?.unsubscribe().catch(() => undefined);
    handlers.onGone();
    waitForFolder();
  };

  const waitForFolder = () => {
    if (closed) return;
    try {
      parentWatch = watch(dirname(folder), { persistent: true }, (_type, name) => {
        if (name !== null && name !== basename(folder)) return;
        void isDir(folder).then(async (back) => {
          if (!back || closed || subscription) return;
          parentWatch?.close();
          parentWatch = undefined;
          await subscribe();
          handlers.onAppeared();
        });
      });
    } catch (error) {
      handlers.onError(error as Error);
    }
  };

  if (await isDir(folder)) await subscribe();
  else waitForFolder();

  return {
    close: async () => {
      closed = true;
      parentWatch?.close();
      await subscription?.unsubscribe().catch(() => undefined);
    },
  };
}
