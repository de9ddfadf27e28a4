// The engine: the one object the app and the CLI build (once) and drive. It owns the data-dir
// lock and the journal, runs jobs as a two-stage pipeline (optimise the next photo while the
// previous one uploads), and reports through listeners and ports, never through Electron.
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { DmDropError, RESUMABLE_CODES, TRANSIENT_CODES, toErrorInfo } from '../../shared/errors';
import type { ProviderId } from '../../shared/settings-schema';
import { linkForDm } from '../links/dm-link';
import { stillOpenAfterRevoke, strangerStillGets } from '../links/link-probe';
import { driveIdFromUrl } from '../providers/drive/drive-endpoints';
import { randomStem } from '../naming/remote-name';
import type { RetryPolicy } from '../net/retry';
import type { ClipboardPort } from '../ports/clipboard';
import { systemClock, type Clock } from '../ports/clock';
import type { NotifierPort } from '../ports/notifier';
import type { SecretStore } from '../ports/secret-store';
import type { SettingsPort } from '../ports/settings-store';
import { createProviderRegistry, type ProviderRegistry, type ProviderRegistryDeps } from '../providers/provider-registry';
import { lockDataDir, type ReleaseLock } from '../queue/data-dir-lock';
import { historyOf, type HistoryEntry } from '../queue/history';
import { awaitsRecheck, type AlbumRecord, type JobRecord } from '../queue/job-record';
import { Journal } from '../queue/journal';
import { AlbumRunner, type AlbumResult } from './album-runner';
import type { EngineEvent, EngineListener, ShareOutcome } from './engine-events';
import { JobRunner } from './job-runner';
import { checkPasswordOption } from '../links/password-option';
import { timerSchedule, type Schedule } from './network-recovery';

export interface EngineDeps {
  dataDir: string;
  settings: SettingsPort;
  secrets: SecretStore;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  clipboard?: ClipboardPort;
  notifier?: NotifierPort;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** How many photos are optimised and published at once. */
  concurrency?: { optimise?: number; publish?: number };
  /**
   * When a live album's check failed, it is checked again after these pauses (the last one
   * repeats) until it passes or the link closes; tests pass their own schedule to fire them.
   */
  recheck?: { delaysMs?: readonly number[]; schedule?: Schedule };
  /** Test knobs forwarded to the providers (e.g. a small upload-session threshold). */
  providerTuning?: Pick<ProviderRegistryDeps, 'dropboxChunkThreshold' | 'dropboxChunkSize' | 'driveResumableThreshold' | 'driveChunkSize'>;
}

export interface ShareOptions {
  provider?: ProviderId;
  caption?: string;
  maxEdge?: number;
  keepNames?: boolean;
  template?: string;
  /** The link stops opening then, on every provider (DM Drop revokes it). */
  expiresAt?: Date;
  /**
   * Strangers must type this before the link opens (Dropbox paid plans). Kept in memory only, never
   * in the journal: a share resumed by another process fails with PASSWORD_NOT_KEPT.
   */
  password?: string;
}

export interface AlbumShareOptions extends ShareOptions {
  /** The album's name (its folder's name too); a dated neutral name when omitted. */
  name?: string;
  /** Photos shared with the same key join one album, which keeps its link (one album per day, say). */
  key?: string;
}

/** A link already made for these exact bytes (the watcher reuses it instead of uploading again). */
export interface ExistingShare {
  url: string;
  directUrl: string;
  dm: string;
}

export interface SweepOutcome {
  url: string;
  file: string;
  ok: boolean;
  /** The expiry was enforced after its time because nothing was running then. */
  late: boolean;
  error?: { code: string; message: string };
}

export interface RevokeOutcome {
  url: string;
  ok: boolean;
  error?: { code: string; message: string };
}

export interface ResumeOptions {
  /** Only failures of the network or the provider's servers, not sign-in or quota (automatic retries). */
  transientOnly?: boolean;
}

export interface Engine {
  readonly dataDir: string;
  share(files: string[], options?: ShareOptions): Promise<ShareOutcome[]>;
  /** Several photos behind one link: a new folder, shared once, proven to list every photo. */
  shareAlbum(files: string[], options?: AlbumShareOptions): Promise<AlbumResult>;
  /** Finishes every job a killed process left pending, and retries failures outside the photo. */
  resume(options?: ResumeOptions): Promise<ShareOutcome[]>;
  revoke(url: string): Promise<RevokeOutcome>;
  /** Closes a photo's own link (never an album's: the others stay shared) and deletes the file from the user's storage. */
  deleteRemote(id: string): Promise<RevokeOutcome>;
  /** Revokes every live link whose expiry has come; also run at open and by a timer. */
  sweep(): Promise<SweepOutcome[]>;
  history(): HistoryEntry[];
  /** A live link for a photo with these original bytes on this provider, if one exists. */
  findShared(sourceSha256: string, provider?: ProviderId): ExistingShare | undefined;
  /** True while a job for this file is still queued or running (a resume will finish it). */
  hasPendingJob(path: string): boolean;
  /** Does a live link still open for a stranger? (Providers can break links: a deleted file, a ban.) */
  checkLink(id: string): Promise<'live' | 'broken' | undefined>;
  on(listener: EngineListener): () => void;
  close(): Promise<void>;
}

export async function openEngine(deps: EngineDeps): Promise<Engine> {
  const release = await lockDataDir(deps.dataDir);
  try {
    const journal = await Journal.open(deps.dataDir, (deps.clock ?? systemClock).now);
    const engine = new DmDropEngine(deps, journal, release);
    engine.scheduleExpiry();
    return engine;
  } catch (error) {
    await release();
    throw error;
  }
}

class DmDropEngine implements Engine {
  private readonly listeners = new Set<EngineListener>();
  private readonly clock: Clock;
  private readonly env: NodeJS.ProcessEnv;
  private readonly providers: ProviderRegistry;
  private readonly runner: JobRunner;
  private readonly albums: AlbumRunner;
  private readonly optimiseLimit;
  private readonly publishLimit;
  /** Jobs being worked on: a resume (or a second call) joins them instead of running them twice. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Runs of one album, one after the other: photos added to a running album wait their turn. */
  private readonly albumRuns = new Map<string, Promise<unknown>>();
  private readonly keyedAlbums = new Map<string, Promise<unknown>>();
  private expiryTimer?: NodeJS.Timeout;
  /** Live albums waiting for another check: how many were tried, and the timer's cancel. */
  private readonly rechecks = new Map<string, { attempt: number; cancel?: () => void }>();
  private sweeping?: Promise<SweepOutcome[]>;
  private closed = false;
  /** Link passwords by job id, until the job ends (links/password-option.ts). */
  private readonly linkPasswords = new Map<string, string>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly journal: Journal,
    private readonly release: ReleaseLock,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.env = deps.env ?? process.env;
    this.providers = createProviderRegistry({
      settings: () => deps.settings.get(),
      secrets: deps.secrets,
      env: this.env,
      clock: this.clock,
      random: deps.random,
      retry: deps.retry,
      ...deps.providerTuning,
    });
    this.runner = new JobRunner({
      journal,
      providers: this.providers,
      dataDir: deps.dataDir,
      clock: this.clock,
      env: this.env,
      emit: (event) => this.emit(event),
      linkPasswords: this.linkPasswords,
    });
    this.albums = new AlbumRunner({
      journal,
      providers: this.providers,
      runner: this.runner,
      clock: this.clock,
      env: this.env,
      emit: (event) => this.emit(event),
      upload: (job, album) => this.runIntoAlbum(job, album),
    });
    // Two optimisations at once where there are two cores: JPEG decoding and encoding are
    // single-threaded in libjpeg, so one image at a time leaves a core idle (measured: the batch
    // benchmark). Not more: each big photo holds its decoded pixels. Several uploads at once: a
    // single TCP stream rarely fills an uplink, and links/verification are round trips.
    this.optimiseLimit = pLimit(deps.concurrency?.optimise ?? Math.min(2, availableParallelism()));
    this.publishLimit = pLimit(deps.concurrency?.publish ?? 3);
  }

  get dataDir() {
    return this.deps.dataDir;
  }

  on(listener: EngineListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: EngineEvent) {
    for (const listener of this.listeners) listener(event);
  }

  async share(files: string[], options: ShareOptions = {}): Promise<ShareOutcome[]> {
    const jobs = await this.enqueue(files, options);
    return Promise.all(jobs.map((job) => this.run(job)));
  }

  shareAlbum(files: string[], options: AlbumShareOptions = {}): Promise<AlbumResult> {
    // Calls for one keyed album (a day of screenshots) take turns, so two of them cannot both find
    // no album yet and make two.
    return options.key ? inTurn(this.keyedAlbums, options.key, () => this.shareAlbumNow(files, options)) : this.shareAlbumNow(files, options);
  }

  private async shareAlbumNow(files: string[], options: AlbumShareOptions): Promise<AlbumResult> {
    const settings = this.deps.settings.get();
    const now = new Date(this.clock.now());
    const provider = options.provider ?? settings.defaultProvider;
    const existing = options.key
      ? this.journal.albums().find((a) => a.key === options.key && a.provider === provider && (a.status === 'live' || a.status === 'pending'))
      : undefined;
    if (existing) {
      // New photos join the album; its link stays, and is proven again to serve every photo (with
      // the photos an earlier failed check left waiting).
      await this.enqueue(files, options, existing);
      await this.reopenRecheck(existing.id);
      const result = await this.runAlbum(existing.id, async () => {
        // Read in turn: a run that was still going when these photos came may have just verified it.
        if (this.journal.album(existing.id)?.step === 'verified') await this.journal.updateAlbum(existing.id, { step: 'shared' });
      });
      await this.afterAlbum(result);
      return result;
    }
    const album: AlbumRecord = {
      id: randomUUID(),
      name: options.name?.trim() || defaultAlbumName(now),
      ...(options.key ? { key: options.key } : {}),
      provider,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      step: 'queued',
      status: 'pending',
      options: {
        caption: options.caption,
        template: options.template ?? settings.albumDmTemplate,
        expiresAt: options.expiresAt?.toISOString(),
      },
    };
    await this.enqueue(files, options, album, true);
    const result = await this.runAlbum(album.id);
    await this.afterAlbum(result);
    return result;
  }

  /** Journals the jobs (and their album) before any work starts, so a crash loses nothing. */
  private async enqueue(files: string[], options: ShareOptions, album?: AlbumRecord, newAlbum = false): Promise<JobRecord[]> {
    const settings = this.deps.settings.get();
    const provider = album?.provider ?? options.provider ?? settings.defaultProvider;
    // Fail fast, before anything is queued, when the provider cannot be used at all.
    checkPasswordOption(await this.providers.get(provider), options.password, album);
    const now = new Date(this.clock.now()).toISOString();
    const batchId = album?.id ?? randomUUID();
    const jobs: JobRecord[] = files.map((file) => ({
      id: randomUUID(),
      batchId,
      ...(album ? { albumId: album.id } : {}),
      file,
      path: resolve(file),
      provider,
      createdAt: now,
      updatedAt: now,
      step: 'queued',
      status: 'pending',
      attempts: 0,
      options: {
        caption: options.caption,
        maxEdge: options.maxEdge ?? settings.maxEdge,
        jpegQuality: settings.jpegQuality,
        keepNames: options.keepNames ?? settings.keepOriginalNames,
        template: options.template ?? settings.dmTemplate,
        expiresAt: options.expiresAt?.toISOString(),
        ...(settings.linkOpens ? { linkOpens: settings.linkOpens } : {}),
        ...(options.password ? { passwordProtected: true } : {}),
      },
      nameStem: randomStem(),
    }));
    // Decided and written in one step, so an automatic retry reopening the same photo meanwhile
    // is seen (and joined) rather than raced.
    const chosen = await this.journal.transact((doc, at) => {
      const picked = jobs.map((job) => (album ? undefined : doc.jobs.findLast((j) => isRetriedAttempt(j, job))) ?? job);
      const fresh = picked.filter((job) => jobs.includes(job));
      const freshPaths = new Set(fresh.map((j) => j.path));
      const superseded = { code: 'SUPERSEDED', message: 'This photo was shared again; this attempt was replaced.' };
      const kept = doc.jobs.map((j) =>
        j.status === 'failed' && !j.albumId && freshPaths.has(j.path) && j.error && RESUMABLE_CODES.has(j.error.code)
          ? { ...j, error: { ...superseded, message: `${basename(j.file)} was shared again; this attempt was replaced.` }, updatedAt: at }
          : j,
      );
      return { doc: { ...doc, jobs: [...kept, ...fresh], albums: newAlbum && album ? [...doc.albums, album] : doc.albums }, result: picked };
    });
    for (const job of chosen.filter((j) => jobs.includes(j))) {
      if (options.password) this.linkPasswords.set(job.id, options.password);
      this.emit({ type: 'progress', jobId: job.id, file: job.file, stage: 'queued' });
    }
    return chosen;
  }

  private async afterAlbum(result: AlbumResult) {
    if (!result.album.ok) {
      const album = this.journal.album(result.album.albumId);
      if (album && awaitsRecheck(album)) this.scheduleRecheck(album.id);
      return;
    }
    this.rechecks.get(result.album.albumId)?.cancel?.();
    this.rechecks.delete(result.album.albumId);
    if (result.album.expiresAt) this.scheduleExpiry();
    await this.deliver(result.album.dm, result.album.albumId, `The album link (${result.album.count} photos) is on your clipboard.`);
  }

  async resume(options: ResumeOptions = {}): Promise<ShareOutcome[]> {
    await this.reopenResumable(options.transientOnly ? TRANSIENT_CODES : RESUMABLE_CODES);
    const single = this.journal.list().filter((job) => job.status === 'pending' && !job.albumId);
    // Live albums whose last check failed are checked again; their waiting photos join if it passes.
    for (const album of this.journal.albums().filter(awaitsRecheck)) await this.reopenRecheck(album.id);
    // A live album with photos waiting to join (a failed check, a failed upload) is run again too:
    // its link stays, and it is proven again with them.
    const waiting = (album: AlbumRecord) => album.status === 'live' && this.journal.list().some((j) => j.albumId === album.id && j.status === 'pending');
    const albums = this.journal.albums().filter((album) => album.status === 'pending' || awaitsRecheck(album) || waiting(album));
    const [outcomes, albumResults] = await Promise.all([
      Promise.all(single.map((job) => this.run(job))),
      Promise.all(
        albums.map((album) =>
          this.runAlbum(album.id, async () => {
            if (this.journal.album(album.id)?.step === 'verified') await this.journal.updateAlbum(album.id, { step: 'shared' });
          }),
        ),
      ),
    ]);
    for (const result of albumResults) await this.afterAlbum(result);
    return [...outcomes, ...albumResults.flatMap((r) => r.members)];
  }

  /**
   * Jobs that failed for a reason outside the photo (a lost sign-in, the network, a full account)
   * go back to pending, so `resume` finishes them once the cause is fixed. A bad photo stays failed.
   */
  private async reopenResumable(codes: ReadonlySet<string>) {
    const resumable = (error?: { code: string }) => Boolean(error && codes.has(error.code));
    // Decided on the journal as written, in one step: an attempt replaced by a new share a moment
    // ago (SUPERSEDED) is not reopened beside it.
    await this.journal.transact((doc, at) => {
      const albums = doc.albums.map((a) => (a.status === 'failed' && resumable(a.error) ? { ...a, status: 'pending' as const, error: undefined, updatedAt: at } : a));
      // A photo of a closed album stays failed; one that could not join a live album tries again.
      const open = new Set(albums.filter((a) => a.status === 'pending' || a.status === 'live').map((a) => a.id));
      const jobs = doc.jobs.map((j) =>
        j.status === 'failed' && resumable(j.error) && (!j.albumId || open.has(j.albumId)) ? { ...j, status: 'pending' as const, error: undefined, retriedAt: at, updatedAt: at } : j,
      );
      return { doc: { ...doc, albums, jobs }, result: undefined };
    });
  }

  /** A live album whose check failed is checked again later, by itself, never closed for it. */
  private scheduleRecheck(albumId: string) {
    if (this.closed) return;
    const entry = this.rechecks.get(albumId) ?? { attempt: 0 };
    entry.cancel?.();
    // About a day of trying; after that only a resume or the next photo that joins checks again.
    if (entry.attempt >= RECHECK_LIMIT) return void this.rechecks.delete(albumId);
    const delays = this.deps.recheck?.delaysMs ?? RECHECK_DELAYS_MS;
    const delay = delays[Math.min(entry.attempt, delays.length - 1)]!;
    entry.attempt += 1;
    const schedule: Schedule = this.deps.recheck?.schedule ?? timerSchedule;
    entry.cancel = schedule(() => {
      entry.cancel = undefined;
      void this.recheckAlbum(albumId);
    }, delay);
    this.rechecks.set(albumId, entry);
  }

  private async recheckAlbum(albumId: string) {
    const album = this.journal.album(albumId);
    if (this.closed || !album || !awaitsRecheck(album)) return void this.rechecks.delete(albumId);
    await this.reopenRecheck(albumId);
    await this.afterAlbum(await this.runAlbum(albumId));
  }

  /** Photos a failed check of a live album left waiting go back to pending, to be checked in again. */
  private async reopenRecheck(albumId: string) {
    const album = this.journal.album(albumId);
    if (!album || !awaitsRecheck(album)) return;
    for (const job of this.journal.list().filter((j) => j.albumId === albumId && j.status === 'failed' && j.remote && j.error?.code === 'LINK_NOT_VERIFIED')) {
      await this.journal.update(job.id, { status: 'pending', error: undefined });
    }
  }

  private runAlbum(albumId: string, before?: () => Promise<void>): Promise<AlbumResult> {
    return inTurn(this.albumRuns, albumId, async () => {
      await before?.();
      return this.albums.run(albumId);
    });
  }

  /** Runs `work` for a job unless it is already running, in which case its result is shared. */
  private once<T>(job: JobRecord, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(job.id);
    if (running) return running as Promise<T>;
    const started = work().finally(() => this.inFlight.delete(job.id));
    this.inFlight.set(job.id, started);
    return started;
  }

  /** One photo all the way to a verified link of its own. */
  private run(job: JobRecord): Promise<ShareOutcome> {
    return this.once(job, () => this.runAlone(job));
  }

  private async runAlone(job: JobRecord): Promise<ShareOutcome> {
    // The record handed in may be older than the journal (a share that joined a retry which has
    // finished since): go by what is written, never redo a finished job.
    const current = this.journal.get(job.id) ?? job;
    if (current.status === 'live') return this.runner.succeed(current);
    if (current.status !== 'pending') return this.runner.outcomeOf(current);
    return this.pipeline(current, async (done) => {
      const outcome = this.runner.succeed(done);
      if (done.options.expiresAt) this.scheduleExpiry();
      if (outcome.ok) await this.deliver(outcome.dm, outcome.jobId, 'The DM text is on your clipboard.');
      this.emit({ type: 'outcome', outcome });
      return outcome;
    });
  }

  /** An album's photo stops once it is in the album's folder: its outcome comes with the album's link. */
  private runIntoAlbum(job: JobRecord, album: AlbumRecord): Promise<ShareOutcome | undefined> {
    return this.once(job, () => this.pipeline(job, async () => undefined, album));
  }

  private async pipeline<T>(job: JobRecord, onDone: (job: JobRecord) => Promise<T>, album?: AlbumRecord): Promise<T | ShareOutcome> {
    let current = job;
    try {
      current = await this.journal.update(job.id, { attempts: job.attempts + 1 });
      current = await this.optimiseLimit(() => this.runner.prepare(current, album?.remote));
      current = await this.publishLimit(() => this.runner.publish(current, album ? 'uploaded' : 'verified'));
    } catch (error) {
      const outcome = await this.runner.fail(current, error);
      this.emit({ type: 'outcome', outcome });
      return outcome;
    }
    return onDone(current);
  }

  /**
   * The DM text goes to the clipboard and a notification says so, when the shell provides them.
   * The link is live either way: a clipboard that refuses the write (Electron's is asynchronous
   * and can fail) changes what is said, never the outcome.
   */
  private async deliver(dm: string, ref: string, body: string) {
    if (this.deps.clipboard && this.deps.settings.get().copyToClipboard) {
      try {
        await this.deps.clipboard.writeText(dm);
      } catch {
        this.deps.notifier?.notify({ title: 'Link ready', body: 'The link works, but it could not be put on the clipboard: copy it from the history.', ref });
        return;
      }
    }
    this.deps.notifier?.notify({ title: 'Link ready', body, ref });
  }

  async revoke(url: string): Promise<RevokeOutcome> {
    const job = this.journal.list().find((j) => j.link && (j.link.url === url || j.link.directUrl === url || j.link.photoUrl === url));
    // A photo of an album is public through the album: closing it means closing the album.
    const album = this.journal.albums().find((a) => a.link && (a.link.url === url || a.id === job?.albumId));
    if (album) {
      try {
        await this.closeLink(album.provider, album.link!.url, album.link!.directUrl);
        await this.closeAlbum(album, 'revoked');
        return { url, ok: true };
      } catch (error) {
        return { url, ok: false, error: toErrorInfo(error) };
      }
    }
    try {
      await this.closeLink(job?.provider ?? this.providerForUrl(url), job?.link?.url ?? url, job?.link?.directUrl ?? url);
      if (job) await this.journal.update(job.id, { status: 'revoked', revokedAt: new Date(this.clock.now()).toISOString() });
      return { url, ok: true };
    } catch (error) {
      return { url, ok: false, error: toErrorInfo(error) };
    }
  }

  async deleteRemote(id: string): Promise<RevokeOutcome> {
    const job = this.journal.get(id);
    if (!job?.remote) return { url: '', ok: false, error: { code: 'LINK_NOT_FOUND', message: 'There is no uploaded file for this entry.' } };
    try {
      if (job.status === 'live' && job.link && !job.albumId) await this.closeLink(job.provider, job.link.url, job.link.directUrl);
      const provider = await this.providers.get(job.provider);
      await provider.deleteFile(job.remote);
      if (job.albumId && job.link && job.link.directUrl !== job.link.url && (await stillOpenAfterRevoke(provider, job.link.directUrl, this.clock))) {
        throw new DmDropError('REVOKE_FAILED', 'The file was deleted, but its address still opens for strangers.');
      }
      await this.journal.update(id, { status: 'deleted', revokedAt: job.revokedAt ?? new Date(this.clock.now()).toISOString() });
      return { url: job.link?.url ?? '', ok: true };
    } catch (error) {
      return { url: job.link?.url ?? '', ok: false, error: toErrorInfo(error) };
    }
  }

  /**
   * Revokes a link, then proves it: a stranger must no longer get the photo (an error page, a
   * sign-in page or an error is closed). A removal that is still spreading to the provider's serving
   * hosts is asked again after a few seconds (on the engine's clock) before REVOKE_FAILED.
   */
  private async closeLink(providerId: ProviderId, url: string, directUrl: string): Promise<void> {
    const provider = await this.providers.get(providerId);
    await provider.revoke(url);
    if (await stillOpenAfterRevoke(provider, directUrl, this.clock)) {
      throw new DmDropError('REVOKE_FAILED', 'The provider accepted the revoke, but strangers still get the photo through the link.');
    }
  }

  /** The album and every photo shared through it are closed together. */
  private async closeAlbum(album: AlbumRecord, status: 'revoked' | 'expired', late?: boolean) {
    const at = new Date(this.clock.now()).toISOString();
    const patch = { status, revokedAt: at, ...(late === undefined ? {} : { expiredLate: late }) };
    await this.journal.updateAlbum(album.id, patch);
    for (const job of this.journal.list().filter((j) => j.albumId === album.id && j.status === 'live')) {
      await this.journal.update(job.id, patch);
    }
  }

  sweep(): Promise<SweepOutcome[]> {
    // One sweep at a time; close() waits for it so no journal write outlives the lock.
    this.sweeping ??= this.sweepNow().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepNow(): Promise<SweepOutcome[]> {
    const now = this.clock.now();
    const isDue = (r: { status: string; link?: unknown; options: { expiresAt?: string } }) =>
      r.status === 'live' && r.link && r.options.expiresAt && Date.parse(r.options.expiresAt) <= now;
    const due = this.journal.list().filter((j) => !j.albumId && isDue(j));
    const outcomes: SweepOutcome[] = [];
    for (const album of this.journal.albums().filter(isDue)) {
      const late = now - Date.parse(album.options.expiresAt!) > 60_000;
      try {
        await this.closeLink(album.provider, album.link!.url, album.link!.directUrl);
        await this.closeAlbum(album, 'expired', late);
        outcomes.push({ url: album.link!.url, file: album.name, ok: true, late });
      } catch (error) {
        outcomes.push({ url: album.link!.url, file: album.name, ok: false, late, error: toErrorInfo(error) });
      }
    }
    for (const job of due) {
      // Late: the time passed while nothing was running (a minute of slack for timer jitter).
      const late = now - Date.parse(job.options.expiresAt!) > 60_000;
      try {
        await this.closeLink(job.provider, job.link!.url, job.link!.directUrl);
        await this.journal.update(job.id, { status: 'expired', revokedAt: new Date(now).toISOString(), expiredLate: late });
        outcomes.push({ url: job.link!.url, file: job.file, ok: true, late });
      } catch (error) {
        outcomes.push({ url: job.link!.url, file: job.file, ok: false, late, error: toErrorInfo(error) });
      }
    }
    this.scheduleExpiry();
    return outcomes;
  }

  /** One timer for the next expiry: react when it is due, never poll. Unref'd so it never keeps a CLI alive. */
  scheduleExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (this.closed) return;
    const next = Math.min(
      ...[...this.journal.list(), ...this.journal.albums()]
        .filter((r) => r.status === 'live' && r.options.expiresAt)
        .map((r) => Date.parse(r.options.expiresAt!)),
    );
    if (!Number.isFinite(next)) return;
    // setTimeout holds at most ~24.8 days; a longer wait is re-armed when it fires.
    const delay = Math.min(Math.max(0, next - this.clock.now()), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => void this.sweep(), delay);
    this.expiryTimer.unref?.();
  }

  private providerForUrl(url: string): ProviderId {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      throw new DmDropError('LINK_NOT_FOUND', `"${url}" is not a link.`);
    }
    const hostOf = (endpoint?: string) => (endpoint ? new URL(endpoint).host : undefined);
    if (/(^|\.)dropbox\.com$/i.test(host) || host === hostOf(this.env.DMDROP_DROPBOX_ENDPOINT)) return 'dropbox';
    if ((/(^|\.)google\.com$/i.test(host) || host === hostOf(this.env.DMDROP_DRIVE_ENDPOINT)) && driveIdFromUrl(url)) return 'drive';
    throw new DmDropError('LINK_NOT_FOUND', `${url} is not a link DM Drop made or can revoke.`);
  }

  findShared(sourceSha256: string, provider?: ProviderId): ExistingShare | undefined {
    const wanted = provider ?? this.deps.settings.get().defaultProvider;
    const job = this.journal
      .list()
      .findLast((j) => j.status === 'live' && j.provider === wanted && j.source?.sha256 === sourceSha256 && j.link && j.dm);
    return job ? { url: linkForDm(job.link!, job.options.linkOpens ?? 'page'), directUrl: job.link!.directUrl, dm: job.dm! } : undefined;
  }

  async checkLink(id: string): Promise<'live' | 'broken' | undefined> {
    const job = this.journal.get(id);
    if (!job || job.status !== 'live' || !job.link) return undefined;
    const provider = await this.providers.get(job.provider);
    try {
      return (await strangerStillGets(provider, job.link.directUrl)) ? 'live' : 'broken';
    } catch {
      return undefined; // no answer (offline?) says nothing about the link
    }
  }

  hasPendingJob(path: string): boolean {
    const target = resolve(path);
    return this.journal.list().some((j) => j.status === 'pending' && j.path === target);
  }

  history(): HistoryEntry[] {
    return historyOf(this.journal.list(), this.journal.albums());
  }

  async close() {
    this.closed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    for (const entry of this.rechecks.values()) entry.cancel?.();
    this.rechecks.clear();
    await this.sweeping?.catch(() => undefined);
    await this.release();
  }
}

/** A failing live album is checked again after 1, 5 and 15 minutes, then every hour for about a day. */
export const RECHECK_DELAYS_MS = [60_000, 300_000, 900_000, 3_600_000];
const RECHECK_LIMIT = 27;

/** A failed attempt that resume or the automatic retry has taken up again, for the same photo and provider. */
function isRetriedAttempt(job: JobRecord, like: JobRecord): boolean {
  return job.status === 'pending' && !job.albumId && job.retriedAt !== undefined && job.path === like.path && job.provider === like.provider;
}

/** Runs `work` after everything queued under `key` has settled (whatever its outcome). */
function inTurn<T>(queues: Map<string, Promise<unknown>>, key: string, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
  queues.set(key, next);
  const forget = () => void (queues.get(key) === next && queues.delete(key));
  next.then(forget, forget);
  return next;
}

/** A neutral, dated name: says nothing about what is in the photos. */
export function defaultAlbumName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `DM Drop ${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}.${pad(date.getMinutes())}`;
}
