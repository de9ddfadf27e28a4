// One folder watched through the OS's own change notifications, never by polling: Node's own
// `fs.watch`, non-recursive (libuv: inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
// Windows). Only the folder's own files matter. If the folder itself is deleted or moved away, a
// cheap non-recursive watch on its parent waits for it to come back, and the caller is told so it
// can look at what the new folder holds.
//
// Why not @parcel/watcher (used until 2026-12): its inotify thread wakes every 500 ms while nothing
// happens (`poll(pollfds, 2, 500)`, src/linux/InotifyBackend.cc line 40 at v2.6.0), and every event
// after the first of a 500 ms window is held back 50 ms (src/Debounce.hh lines 9-10 MIN_WAIT_TIME 50 /
// MAX_WAIT_TIME 500, src/Debounce.cc lines 80-98). libuv's watch has no thread of its own on Linux
// (the inotify fd sits in the event loop's epoll) and no timer. Measured in docs/PERFORMANCE.md.
//
// What fs.watch does not do for us, and is done here (Node's fs docs, "Caveats"; libuv's sources):
// - It says only 'rename' or 'change'. Whether a file was created, changed or deleted is decided by
//   an lstat against the names known to be in the folder (read once at the start).
// - `filename` "is not guaranteed to be provided": Windows gives null when ReadDirectoryChangesW's
//   buffer overflowed (libuv src/win/fs-event.c, `handle->cb(handle, NULL, UV_CHANGE, 0)`), and the
//   docs promise it nowhere. A null name means "something changed here": the folder is read again
//   and compared (names added or gone, and files touched since the last look).
// - Linux: an inotify queue overflow (IN_Q_OVERFLOW, wd -1) is dropped silently by libuv, as it was
//   by @parcel/watcher (InotifyBackend.cc lines 120-123); only past 16384 unread events.
// - The folder itself going: on Linux inotify reports it (IN_DELETE_SELF / IN_MOVE_SELF reach us as
//   'rename' named like the folder, libuv src/unix/linux.c reuses the watched path's basename). macOS
//   drops events for the watched directory itself (libuv src/unix/fsevents.c "Ignore events with path
//   equal to directory itself"), Windows emits nothing when it is moved and an EPERM error when it is
//   deleted. So on those two the parent is watched too (non-recursive), and whatever happens, the
//   folder's identity (device + inode) is what says whether it is still the folder we watch.
// - macOS: FSEvents delivers with libuv's 50 ms latency (NoDefer: the first event of a quiet spell
//   at once, the rest of a burst up to 50 ms later); @parcel/watcher used 1 ms plus its own Debounce.
// - Windows: a watch opened on an 8.3 short path (C:\Users\RUNNER~1\...) aborts the process inside
//   libuv on its first event (an assert in src/win/fs-event.c), so the watch is opened on the path's
//   native real path (realpathSync.native expands short names); reported paths keep the caller's.
// - Bursts: a file written in many pieces gives one event per write (inotify merges only identical
//   events still unread): 100+ for a photo copied in 64 KB pieces. @parcel/watcher folded a burst
//   into one batch (its Debounce, above); here a file's first event is reported at once, and the
//   events of the next HOLD_MS are folded into one report at its end (and so on while they last).
//   So a file written bit by bit costs its followers (finished-files.ts: a structure check per
//   report) a report per 20 ms instead of one per write, and its last write is reported at most
//   20 ms late (it was 50 ms); a file renamed into place or written at once is reported at once.
import { realpathSync, watch, type FSWatcher } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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

/** Where the folder's own removal is not reported by its watch, the parent is watched as well. */
const SELF_EVENTS = process.platform === 'linux';
/** A rescan (after a null filename) reports as changed every file touched this long before the last look. */
const CLOCK_SLACK_MS = 2000;
/** After a file is reported, its further events are folded for this long (see "Bursts"). */
const HOLD_MS = 20;

interface Identity {
  dev: bigint;
  ino: bigint;
}

/** The folder's device and inode while it is a directory. */
const identityOf = (path: string): Promise<Identity | undefined> =>
  stat(path, { bigint: true }).then(
    (s) => (s.isDirectory() ? { dev: s.dev, ino: s.ino } : undefined),
    () => undefined,
  );

const sameIdentity = (a: Identity | undefined, b: Identity) => !!a && a.dev === b.dev && a.ino === b.ino;
const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
/** The path fs.watch is given: long and real (see the Windows note above), or as it is. */
const watchable = (path: string) => {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
};

/** One watch of the folder while it exists. */
interface Live {
  identity: Identity;
  watchers: FSWatcher[];
  /** Names in the folder as last seen: what makes an event a create, an update or a delete. */
  known: Set<string>;
  /** Names whose lstat is in flight → whether another event came meanwhile. */
  looking: Map<string, boolean>;
  /** Resolves once `known` holds the folder's entries. */
  ready: Promise<void>;
  rescan?: { again: boolean };
  lastLook: number;
  ended: boolean;
}

export async function watchFolder(folder: string, handlers: FolderWatchHandlers): Promise<FolderWatch> {
  const name = basename(folder).toLowerCase();
  /** The folder's own name in an event of its own watch or its parent's (case-insensitive: a false match costs one stat). */
  const isFolderName = (file: string | null) => file === null || file.toLowerCase() === name;
  const work = new Set<Promise<void>>();
  let live: Live | undefined;
  let waiting: FSWatcher | undefined;
  let closed = false;

  /** A HOLD_MS pause that close() ends at once. */
  const holds = new Set<() => void>();
  const hold = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, HOLD_MS);
      function done() {
        clearTimeout(timer);
        holds.delete(done);
        resolve();
      }
      holds.add(done);
    });

  /** Background work, awaited by close(); its failures are reported, never thrown. */
  const track = (job: () => Promise<void>) => {
    const done: Promise<void> = job()
      .catch((error: unknown) => {
        if (!closed) handlers.onError(asError(error));
      })
      .finally(() => work.delete(done));
    work.add(done);
  };

  const subscribe = (identity: Identity): Live => {
    const sub: Live = { identity, watchers: [], known: new Set(), looking: new Map(), ready: Promise.resolve(), lastLook: Date.now(), ended: false };
    const path = watchable(folder);
    // Linux names the folder's own events by the basename of the path the watch was opened on.
    const ownName = basename(path).toLowerCase();
    const own = watch(path, { persistent: true }, (type, file) => {
      if (sub.ended || closed) return;
      if (file === null) track(() => rescan(sub));
      if (type === 'rename' && (isFolderName(file) || file?.toLowerCase() === ownName)) track(() => checkFolder(sub));
      if (file !== null) look(sub, file);
    });
    // After an error Node has already closed the watch: either the folder went (Windows: EPERM when
    // it is deleted) or the watch is broken, which is reported.
    own.on('error', (error) => track(() => failed(sub, error)));
    sub.watchers.push(own);
    if (!SELF_EVENTS) {
      try {
        const parent = watch(watchable(dirname(folder)), { persistent: true }, (_type, file) => {
          if (!sub.ended && !closed && isFolderName(file)) track(() => checkFolder(sub));
        });
        parent.on('error', () => parent.close()); // the parent's own troubles: the folder's watch still reports
        sub.watchers.push(parent);
      } catch {
        // A parent that cannot be watched (no permission): the folder's own watch still works.
      }
    }
    live = sub;
    sub.ready = readdir(folder).then(
      (names) => names.forEach((n) => sub.known.add(n)),
      () => track(() => checkFolder(sub)),
    );
    return sub;
  };

  const end = (sub: Live) => {
    sub.ended = true;
    for (const w of sub.watchers) w.close();
    if (live === sub) live = undefined;
  };

  /** One name changed: lstat it (one at a time per name), and report what that means. */
  const look = (sub: Live, file: string) => {
    if (sub.looking.has(file)) {
      sub.looking.set(file, true);
      return;
    }
    sub.looking.set(file, false);
    track(async () => {
      try {
        await sub.ready;
        do {
          sub.looking.set(file, false);
          const exists = await lstat(join(folder, file)).then(
            () => true,
            (error: unknown) => !isMissing(error), // EPERM/EBUSY on a file being written: it is there
          );
          if (sub.ended || closed) return;
          report(sub, file, exists);
          if (exists) await hold();
        } while (sub.looking.get(file) && !sub.ended && !closed);
      } finally {
        sub.looking.delete(file);
      }
    });
  };

  const report = (sub: Live, file: string, exists: boolean) => {
    const path = join(folder, file);
    if (exists) {
      const type = sub.known.has(file) ? 'update' : 'create';
      sub.known.add(file);
      handlers.onChange(path, type);
    } else if (sub.known.delete(file)) handlers.onChange(path, 'delete');
  };

  /** A change whose name is unknown: read the folder and look at every name that differs or was touched. */
  const rescan = async (sub: Live) => {
    if (sub.rescan) {
      sub.rescan.again = true;
      return;
    }
    sub.rescan = { again: false };
    try {
      await sub.ready;
      do {
        sub.rescan.again = false;
        const since = sub.lastLook - CLOCK_SLACK_MS;
        sub.lastLook = Date.now();
        let names: string[];
        try {
          names = await readdir(folder);
        } catch {
          return checkFolder(sub);
        }
        if (sub.ended || closed) return;
        const present = new Set(names);
        for (const file of sub.known) if (!present.has(file)) look(sub, file);
        for (const file of names) {
          if (!sub.known.has(file)) look(sub, file);
          else {
            const s = await lstat(join(folder, file)).catch(() => undefined);
            if (sub.ended || closed) return;
            if (s && Math.max(s.mtimeMs, s.ctimeMs) >= since) look(sub, file);
          }
        }
      } while (sub.rescan.again);
    } finally {
      sub.rescan = undefined;
    }
  };

  /** Is the folder still the directory we watch? If not, it is gone (and perhaps already back). */
  const checkFolder = async (sub: Live) => {
    if (sub.ended || closed) return;
    const now = await identityOf(folder);
    if (sub.ended || closed || sameIdentity(now, sub.identity)) return;
    end(sub);
    handlers.onGone();
    if (now) await appear(now);
    else waitForFolder();
  };

  const failed = async (sub: Live, error: Error) => {
    if (sub.ended || closed) return;
    const now = await identityOf(folder);
    if (sub.ended || closed) return;
    if (!sameIdentity(now, sub.identity)) return checkFolder(sub);
    end(sub);
    handlers.onError(error);
  };

  /** The folder is (back) there: watch it, and once its names are read (so a file made from now on
   * is a create), say so. */
  const appear = async (identity: Identity) => {
    let sub: Live;
    try {
      sub = subscribe(identity);
    } catch (error) {
      if (!isMissing(error)) handlers.onError(asError(error));
      waitForFolder();
      return;
    }
    await sub.ready;
    if (!sub.ended && !closed) handlers.onAppeared();
  };

  const waitForFolder = () => {
    if (closed) return;
    waiting?.close();
    try {
      const parent = watch(watchable(dirname(folder)), { persistent: true }, (_type, file) => {
        if (isFolderName(file)) track(lookForFolder);
      });
      parent.on('error', (error) => {
        if (waiting === parent) waiting = undefined;
        if (!closed) handlers.onError(error);
      });
      waiting = parent;
    } catch (error) {
      handlers.onError(asError(error));
      return;
    }
    track(lookForFolder); // it may have come back before the parent's watch began
  };

  const lookForFolder = async () => {
    if (closed || !waiting) return;
    const now = await identityOf(folder);
    if (!now || closed || !waiting) return;
    waiting.close();
    waiting = undefined;
    await appear(now);
  };

  const identity = await identityOf(folder);
  if (identity) await subscribe(identity).ready;
  else waitForFolder();

  return {
    close: async () => {
      closed = true;
      if (live) end(live);
      waiting?.close();
      waiting = undefined;
      for (const done of [...holds]) done();
      while (work.size > 0) await Promise.all([...work]);
    },
  };
}
