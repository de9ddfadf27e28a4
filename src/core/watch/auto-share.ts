// Auto-upload from watched folders: fast (a finished file starts its job as soon as its structure
// says it is complete, not after seconds of "settling") and never a surprise (a cancel window for
// every file, an ask-first mode, pause, and no file that was there before watching began). Each
// file's life: seen by the OS → complete (finished-files.ts) → detected → (decision-window.ts:
// countdown / question / pause) → shared → marked seen. This file is the policy: which files are
// candidates, what was shared before, and how a file is shared.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { DmDropError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { retryKindOf, type RetryKind } from '../../shared/retry-kind';
import type { ProviderId } from '../../shared/settings-schema';
import type { Engine } from '../engine/engine';
import type { ShareOutcome } from '../engine/engine-events';
import { NetworkRecovery, type NetworkRecoveryOptions } from '../engine/network-recovery';
import { sniffFormat } from '../intake/sniff-format';
import { DecisionWindow } from './decision-window';
import { isMacScreenshotName, isTemporaryName } from './file-names';
import { FinishedFiles, markOf } from './finished-files';
import { watchFolder, type FolderWatch } from './folder-watcher';
import { WatchState, type FileMark } from './watch-state';

export interface WatchedFolder {
  path: string;
  kind: 'drop' | 'screenshots';
  /** On a shared folder (the macOS Desktop) only the system's screenshot names are candidates. */
  onlyScreenshotNames?: boolean;
  provider?: ProviderId;
  /** Every day's files from this folder go into one album, whose link stays the same all day. */
  albumPerDay?: boolean;
  /** Create the folder if it is missing (the drop folder is created on first use). */
  create?: boolean;
}

export interface AutoShareOptions {
  engine: Engine;
  dataDir: string;
  folders: WatchedFolder[];
  /** How long a detected file can still be cancelled before anything is uploaded (0 allowed). */
  cancelWindowMs: number;
  /** Ask before each upload instead of counting down. */
  ask?: boolean;
  /** Quiet time after the last change before a file's structure is checked (default 0: the
   * watcher already folds a burst of writes to one file into one report per 20 ms). */
  settleMs?: number;
  /** For files whose format cannot tell us they are complete: unchanged this long = finished. */
  quietMs?: number;
  /** A file that stays incomplete this long (its writer died) is reported, not waited on forever. */
  abandonMs?: number;
  /** Automatic retries of photos that failed for want of a network (tests pass their schedule). */
  recovery?: Pick<NetworkRecoveryOptions, 'delaysMs' | 'schedule'>;
  now?: () => number;
}

export type WatchEvent =
  | { event: 'ready'; folders: string[] }
  | { event: 'detected'; file: string; cancelWindowMs: number }
  | { event: 'ask'; file: string }
  | { event: 'cancelled'; file: string }
  | { event: 'skipped'; file: string; reason: string }
  | { event: 'shared'; file: string; url: string; directUrl: string; dm: string; reused?: true; album?: string }
  /** `retry`: the photo is kept; `automatic` while watching (a network failure), else on `resume`. */
  | { event: 'error'; file: string; error: ErrorInfo; retry?: RetryKind }
  | { event: 'paused' }
  | { event: 'resumed' }
  | { event: 'folder-gone'; folder: string }
  | { event: 'folder-back'; folder: string };

export class AutoShare {
  private readonly listeners = new Set<(event: WatchEvent) => void>();
  private readonly watches = new Map<string, FolderWatch>();
  private readonly files: FinishedFiles<WatchedFolder>;
  private readonly inFlight = new Set<string>();
  private readonly decisions: DecisionWindow;
  private readonly work = new Set<Promise<unknown>>();
  private state!: WatchState;
  private closed = false;
  private recovery?: NetworkRecovery;

  constructor(private readonly options: AutoShareOptions) {
    this.decisions = new DecisionWindow({ cancelWindowMs: options.cancelWindowMs, ask: options.ask });
    this.files = new FinishedFiles<WatchedFolder>({
      settleMs: options.settleMs,
      quietMs: options.quietMs,
      abandonMs: options.abandonMs,
      finished: (path, folder, mark) => this.finished(path, folder, mark),
      abandoned: (path) => this.abandoned(path),
      changedAgain: (path, folder) => this.touched(path, folder),
      track: (work) => void this.track(work),
    });
  }

  on(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: WatchEvent) {
    for (const listener of this.listeners) listener(event);
  }

  async start(): Promise<void> {
    // A photo that fails for want of a network is tried again by itself (even if a folder below
    // cannot be watched); what a retry shares is reported like any other share.
    this.recovery = new NetworkRecovery(this.options.engine, { ...this.options.recovery, onShared: (outcomes) => outcomes.forEach((o) => this.report(o)) });
    this.state = await WatchState.open(this.options.dataDir);
    for (const folder of this.options.folders) await this.watch(folder);
    // Jobs a crash left queued finish now, exactly once (their files are not re-detected below).
    void this.track(this.options.engine.resume().then((outcomes) => outcomes.forEach((o) => this.report(o))));
    this.emit({ event: 'ready', folders: this.options.folders.map((f) => f.path) });
  }

  /** Starts watching another folder (the user added one); its current files are its past. */
  async addFolder(folder: WatchedFolder): Promise<void> {
    if (this.watches.has(resolve(folder.path))) return;
    this.options.folders.push(folder);
    await this.watch(folder);
  }

  /** Stops watching a folder; files from it still in their window are not shared. */
  async removeFolder(path: string): Promise<void> {
    const target = resolve(path);
    await this.watches.get(target)?.close();
    this.watches.delete(target);
    this.options.folders = this.options.folders.filter((f) => f.path !== target);
    this.decisions.cancelGroup(target);
  }

  get folders(): readonly WatchedFolder[] {
    return this.options.folders;
  }

  private async watch(folder: WatchedFolder): Promise<void> {
    folder.path = resolve(folder.path);
    if (folder.create) await mkdir(folder.path, { recursive: true });
    const handle = await watchFolder(folder.path, {
      onChange: (path, type) => (type === 'delete' ? this.forget(path) : this.touched(path, folder)),
      onAppeared: () => {
        this.emit({ event: 'folder-back', folder: folder.path });
        void this.track(this.scan(folder, true));
      },
      onGone: () => this.emit({ event: 'folder-gone', folder: folder.path }),
      onError: (error) => this.emit({ event: 'error', file: folder.path, error: toErrorInfo(error) }),
    });
    this.watches.set(folder.path, handle);
    await this.scan(folder, false);
  }

  /**
   * What the folder holds now. The first time a folder is watched, that is the user's past: it is
   * recorded and never shared. Later (a restart, the folder recreated), unseen files are new.
   */
  private async scan(folder: WatchedFolder, allNew: boolean): Promise<void> {
    let names: string[];
    try {
      names = await readdir(folder.path);
    } catch {
      return;
    }
    const marks: Record<string, FileMark> = {};
    for (const name of names) {
      const mark = await markOf(join(folder.path, name));
      if (mark) marks[name] = mark;
    }
    if (!allNew && !this.state.knows(folder.path)) {
      await this.state.begin(folder.path, marks, new Date(this.now()));
      return;
    }
    await this.state.prune(folder.path, new Set(names));
    for (const [name, mark] of Object.entries(marks)) {
      if (this.state.isNew(folder.path, name, mark)) this.touched(join(folder.path, name), folder);
    }
  }

  /** A change to a file we may share: followed until it has finished being written. */
  private touched(path: string, folder: WatchedFolder) {
    if (this.closed || isTemporaryName(path) || this.inFlight.has(path) || this.decisions.isOpen(path)) return;
    if (folder.onlyScreenshotNames && !isMacScreenshotName(path)) return;
    if (path.startsWith(resolve(this.options.dataDir) + sep)) return; // our own files
    this.files.changed(path, folder);
  }

  private forget(path: string) {
    this.files.forget(path);
    // A file deleted during its window is simply not shared.
    this.decisions.cancel(path);
  }

  private abandoned(path: string) {
    this.forget(path);
    this.emit({
      event: 'error',
      file: path,
      error: { code: 'IMAGE_CORRUPT', message: `${basename(path)} stopped changing before it was complete, so it was not shared.` },
    });
  }

  /** A file has finished being written: share it, unless it is not new, not a photo, or shared already. */
  private async finished(path: string, folder: WatchedFolder, mark: FileMark): Promise<void> {
    if (!this.state.isNew(folder.path, basename(path), mark) || this.inFlight.has(path)) return;
    if (this.options.engine.hasPendingJob(path)) {
      this.emit({ event: 'skipped', file: path, reason: 'already-queued' }); // a resumed job is finishing it
      return;
    }
    this.inFlight.add(path);
    try {
      const data = await readFile(path);
      if (!sniffFormat(data.subarray(0, 4096))) {
        // Never queued: a file that is not a photo has nothing to do with a DM link.
        await this.state.markSeen(folder.path, basename(path), mark);
        this.emit({ event: 'skipped', file: path, reason: 'not-an-image' });
        return;
      }
      const existing = this.options.engine.findShared(sha256(data), folder.provider);
      if (existing) {
        await this.state.markSeen(folder.path, basename(path), mark);
        this.emit({ event: 'shared', file: path, ...existing, reused: true });
        return;
      }
      this.emit({ event: 'detected', file: path, cancelWindowMs: this.options.ask ? 0 : this.options.cancelWindowMs });
      const decision = this.decisions.decide(path, folder.path);
      if (this.options.ask) this.emit({ event: 'ask', file: path });
      const go = await decision;
      if (this.closed) return; // stopped during the window: not shared, and detected again next time
      if (!go) {
        // Recorded before it is announced: whoever reacts to "cancelled" sees it settled.
        await this.state.markSeen(folder.path, basename(path), mark);
        this.emit({ event: 'cancelled', file: path });
        return;
      }
      await this.share(path, folder);
      await this.state.markSeen(folder.path, basename(path), (await markOf(path)) ?? mark);
    } catch (error) {
      this.emit({ event: 'error', file: path, error: toErrorInfo(error) });
    } finally {
      this.inFlight.delete(path);
    }
  }

  private async share(path: string, folder: WatchedFolder) {
    let outcome: ShareOutcome | undefined;
    if (folder.albumPerDay) {
      const day = new Date(this.now()).toISOString().slice(0, 10);
      const key = `watch:${folder.path}:${day}`;
      // One album per folder and day; the engine takes its photos one call at a time.
      const result = await this.options.engine.shareAlbum([path], { provider: folder.provider, key, name: `${folder.kind === 'screenshots' ? 'Screenshots' : 'DM Drop'} ${day}` });
      outcome = result.members[0];
      if (outcome?.ok && result.album.ok) return this.report({ ...outcome, url: result.album.url, dm: result.album.dm });
      if (!outcome && !result.album.ok) throw new DmDropError(result.album.error.code, result.album.error.message);
    } else {
      [outcome] = await this.options.engine.share([path], { provider: folder.provider });
    }
    if (outcome) this.report(outcome);
  }

  private report(outcome: ShareOutcome) {
    if (outcome.ok) {
      this.emit({ event: 'shared', file: outcome.file, url: outcome.url, directUrl: outcome.directUrl, dm: outcome.dm, ...(outcome.inAlbum ? { album: outcome.inAlbum } : {}) });
    } else {
      const retry = outcome.resumable ? retryKindOf(outcome.error.code) : undefined;
      this.emit({ event: 'error', file: outcome.file, error: outcome.error, ...(retry ? { retry } : {}) });
    }
  }

  /** Cancels every file still in its window (or waiting for an answer, or held by a pause). */
  cancelAll(): number {
    return this.decisions.cancelAll();
  }

  cancel(file: string): boolean {
    return this.decisions.cancel(resolve(file));
  }

  /** Answers the oldest question (ask mode), or the one for `file`. */
  answer(go: boolean, file?: string): boolean {
    return this.decisions.answer(go, file ? resolve(file) : undefined);
  }

  /** Holds every file in its window until `unpause`; new files are still detected. */
  pause() {
    if (this.decisions.pause()) this.emit({ event: 'paused' });
  }

  /** Lifts a pause: held files get their full window again. (Not the engine's `resume`, which finishes jobs.) */
  unpause() {
    if (this.decisions.unpause()) this.emit({ event: 'resumed' });
  }

  get isPaused() {
    return this.decisions.isPaused;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private track<T>(promise: Promise<T>): Promise<T | undefined> {
    const tracked = promise.catch((error: unknown) => {
      this.emit({ event: 'error', file: '', error: toErrorInfo(error) });
      return undefined;
    });
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
    return tracked;
  }

  /** The machine woke up or came back online: retry failed photos now rather than later. */
  networkMayBeBack(): void {
    this.recovery?.networkMayBeBack();
  }

  /** True while photos that failed for want of a network wait for their automatic retry. */
  get retryWaiting(): boolean {
    return this.recovery?.waiting ?? false;
  }

  /** Stops watching; files in their window are not shared; work already uploading finishes. */
  async close(): Promise<void> {
    this.closed = true;
    this.recovery?.close();
    this.files.close();
    this.decisions.cancelAll();
    await Promise.all([...this.watches.values()].map((w) => w.close()));
    while (this.work.size > 0) await Promise.all([...this.work]);
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
