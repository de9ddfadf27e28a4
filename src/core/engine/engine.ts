// The engine: the one object the app and the CLI build (once) and drive. It owns the data-dir
// lock and the journal, runs jobs as a two-stage pipeline (optimise the next photo while the
// previous one uploads), and reports through listeners and ports, never through Electron.
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { retryKindOf, type RetryKind } from '../../shared/retry-kind';
import type { ProviderId } from '../../shared/settings-schema';
import { randomStem } from '../naming/remote-name';
import type { RetryPolicy } from '../net/retry';
import type { ClipboardPort } from '../ports/clipboard';
import { systemClock, type Clock } from '../ports/clock';
import type { NotifierPort } from '../ports/notifier';
import type { SecretStore } from '../ports/secret-store';
import type { SettingsPort } from '../ports/settings-store';
import { createProviderRegistry, type ProviderRegistry, type ProviderRegistryDeps } from '../providers/provider-registry';
import { lockDataDir, type ReleaseLock } from '../queue/data-dir-lock';
import type { HistoryEntry } from '../queue/history';
import { awaitsRecheck, type AlbumRecord, type JobRecord } from '../queue/job-record';
import { Journal } from '../queue/journal';
import { AlbumRecheckSchedule } from './album-recheck';
import { AlbumRunner, type AlbumResult } from './album-runner';
import { LinkCloser, type RevokeOutcome, type SweepOutcome } from './close-links';
import type { EngineEvent, EngineListener, ShareOutcome } from './engine-events';
import { JobRunner, type JobRunnerDeps } from './job-runner';
import { sweepStagedCopies } from './staged-copies';
import { checkPasswordOption } from '../links/password-option';
import { checkLinkIn, findSharedIn, hasPendingJobIn, historyIn, type ExistingShare } from './lookups';
import type { Schedule } from './network-recovery';

export interface EngineDeps {
  dataDir: string;
  settings: SettingsPort;
  secrets: SecretStore;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** The engine only writes (the DM text); reading is the shell's "Share Clipboard". */
  clipboard?: Pick<ClipboardPort, 'writeText'>;
  notifier?: NotifierPort;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** How photos are encoded (job-runner.ts); adaptive unless a benchmark fixes it. */
  encoding?: JobRunnerDeps['encoding'];
  /** How many photos are optimised and published at once. */
  concurrency?: { optimise?: number; publish?: number };
  /**
   * When a live album's check failed, it is checked again after these pauses (the last one
   * repeats) until it passes or the link closes; tests pass their own schedule to fire them.
   */
  recheck?: { delaysMs?: readonly number[]; schedule?: Schedule };
  /** Test knobs forwarded to the providers (e.g. a small upload-session threshold). */
  providerTuning?: Pick<ProviderRegistryDeps, 'dropboxChunkThreshold' | 'dropboxChunkSize' | 'driveResumableThreshold' | 'driveChunkSize'>;
  /** The providers to choose from: the built-in list unless a test adds one. */
  providers?: ProviderRegistryDeps['providers'];
  /** The OAuth clients built into this copy (oauth-clients.json), used when neither the environment nor the settings name one. */
  builtInClients?: ProviderRegistryDeps['builtInClients'];
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
    // Before any job runs: staged copies no job can still upload (staged-copies.ts). Tidying only:
    // a staging folder that cannot be read or cleaned must not keep the engine from opening.
    await sweepStagedCopies(deps.dataDir, journal.list()).catch(() => undefined);
    return new DmDropEngine(deps, journal, release);
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * The composition. A share reads as its stages: enqueue (journal first) → run each job (optimise,
 * then publish: upload, link, verify) → deliver (clipboard, notification). Albums add a run of
 * their own (album-runner) and re-checks (album-recheck); closing links is close-links; questions
 * about the journal are lookups.
 */
class DmDropEngine implements Engine {
  private readonly listeners = new Set<EngineListener>();
  private readonly clock: Clock;
  private readonly env: NodeJS.ProcessEnv;
  private readonly providers: ProviderRegistry;
  private readonly runner: JobRunner;
  private readonly albums: AlbumRunner;
  private readonly links: LinkCloser;
  private readonly rechecks: AlbumRecheckSchedule;
  /** Link passwords by job id, until the job ends (links/password-option.ts). */
  private readonly linkPasswords = new Map<string, string>();
  private readonly optimiseLimit;
  private readonly publishLimit;
  /** Jobs being worked on: a resume (or a second call) joins them instead of running them twice. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Runs of one album, one after the other: photos added to a running album wait their turn. */
  private readonly albumRuns = new Map<string, Promise<unknown>>();
  private readonly keyedAlbums = new Map<string, Promise<unknown>>();

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
      builtInClients: deps.builtInClients,
      clock: this.clock,
      random: deps.random,
      retry: deps.retry,
      providers: deps.providers,
      ...deps.providerTuning,
    });
    this.runner = new JobRunner({
      journal,
      providers: this.providers,
      dataDir: deps.dataDir,
      clock: this.clock,
      env: this.env,
      emit: (event) => this.emit(event),
      encoding: deps.encoding,
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
    this.links = new LinkCloser({ journal, providers: this.providers, clock: this.clock });
    this.rechecks = new AlbumRecheckSchedule({
      recheck: (albumId) => void this.recheckAlbum(albumId),
      delaysMs: deps.recheck?.delaysMs,
      schedule: deps.recheck?.schedule,
    });
    // Two optimisations at once where there are two cores: JPEG decoding and encoding are
    // single-threaded in libjpeg, so one image at a time leaves a core idle (measured: the batch
    // benchmark). Not more: each big photo holds its decoded pixels. Publishing is mostly round
    // trips (link, verification), so many photos at once; the uploads among them are limited in
    // job-runner.ts, as they share one uplink.
    this.optimiseLimit = pLimit(deps.concurrency?.optimise ?? Math.min(2, availableParallelism()));
    this.publishLimit = pLimit(deps.concurrency?.publish ?? 12);
    this.links.scheduleExpiry();
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

  // ── sharing: enqueue → run → deliver ──────────────────────────────────────────────────────────

  async share(files: string[], options: ShareOptions = {}): Promise<ShareOutcome[]> {
    const jobs = await this.enqueue(files, options);
    return Promise.all(jobs.map((job) => this.run(job)));
  }

  /** Journals the jobs (and their album) before any work starts, so a crash loses nothing. */
  private async enqueue(files: string[], options: ShareOptions, album?: AlbumRecord, newAlbum = false): Promise<JobRecord[]> {
    const settings = this.deps.settings.get();
    const provider = album?.provider ?? options.provider ?? settings.defaultProvider;
    // Fail fast, before anything is queued, when the provider cannot be used at all.
    const target = await this.providers.get(provider);
    checkPasswordOption(target, options.password, album);
    if (options.password) await target.checkPasswordLinks?.();
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
      const superseded = { code: 'SUPERSEDED' as const, message: 'This photo was shared again; this attempt was replaced.' };
      const replaced: JobRecord[] = [];
      const kept = doc.jobs.map((j) => {
        if (!(j.status === 'failed' && !j.albumId && freshPaths.has(j.path) && j.error && retryKindOf(j.error.code))) return j;
        const replacedJob = { ...j, error: { ...superseded, message: `${basename(j.file)} was shared again; this attempt was replaced.` }, updatedAt: at };
        replaced.push(replacedJob);
        return replacedJob;
      });
      return { doc: { ...doc, jobs: [...kept, ...fresh], albums: newAlbum && album ? [...doc.albums, album] : doc.albums }, result: { picked, replaced } };
    });
    // A replaced attempt never continues: its staged copy goes (the new job makes its own).
    await Promise.all(chosen.replaced.map((j) => this.runner.removeStagedCopy(j).catch(() => undefined)));
    for (const job of chosen.picked.filter((j) => jobs.includes(j))) {
      if (options.password) this.linkPasswords.set(job.id, options.password);
      this.emit({ type: 'progress', jobId: job.id, file: job.file, stage: 'queued' });
    }
    return chosen.picked;
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
      if (done.options.expiresAt) this.links.scheduleExpiry();
      if (outcome.ok) await this.deliver(outcome.dm, outcome.jobId, 'The DM text is on your clipboard.');
      this.emit({ type: 'outcome', outcome });
      return outcome;
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

  /** The two stages of a job: optimise (a few at a time), then publish (upload, link, verify). */
  private async pipeline<T>(job: JobRecord, onDone: (job: JobRecord) => Promise<T>, album?: AlbumRecord): Promise<T | ShareOutcome> {
    let current = job;
    try {
      // The attempt is counted durably before anything can reach the provider (the upload reads it:
      // only a job that ran before can have left a file there), but an optimisation leaves nothing
      // outside this machine, so it runs while the count is being written instead of after it:
      // prepare's own journal write waits for it (one fsync off a screenshot's critical path).
      const counted = this.journal.update(job.id, { attempts: job.attempts + 1 });
      counted.catch(() => undefined); // awaited below, and by prepare before it journals
      const attempt = { ...job, attempts: job.attempts + 1 };
      const prepared = await this.optimiseLimit(() => this.runner.prepare(attempt, album?.remote, counted));
      const written = await counted;
      current = prepared === attempt ? written : prepared;
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

  // ── albums: the same stages, then one link for all, proven, re-checked while it fails ──────────

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

  /** An album's photo stops once it is in the album's folder: its outcome comes with the album's link. */
  private runIntoAlbum(job: JobRecord, album: AlbumRecord): Promise<ShareOutcome | undefined> {
    return this.once(job, () => this.pipeline(job, async () => undefined, album));
  }

  private runAlbum(albumId: string, before?: () => Promise<void>): Promise<AlbumResult> {
    return inTurn(this.albumRuns, albumId, async () => {
      await before?.();
      return this.albums.run(albumId);
    });
  }

  /** A failed album check schedules the next; a passed one stops the schedule and delivers the link. */
  private async afterAlbum(result: AlbumResult) {
    if (!result.album.ok) {
      const album = this.journal.album(result.album.albumId);
      if (album && awaitsRecheck(album)) this.rechecks.checkLater(album.id);
      return;
    }
    this.rechecks.stop(result.album.albumId);
    if (result.album.expiresAt) this.links.scheduleExpiry();
    await this.deliver(result.album.dm, result.album.albumId, `The album link (${result.album.count} photos) is on your clipboard.`);
  }

  /** A live album whose check failed, checked again by itself (album-recheck decides when), never closed for it. */
  private async recheckAlbum(albumId: string) {
    const album = this.journal.album(albumId);
    if (!album || !awaitsRecheck(album)) return this.rechecks.stop(albumId);
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

  // ── finishing what was left: a killed process, a failure whose cause has passed ───────────────

  async resume(options: ResumeOptions = {}): Promise<ShareOutcome[]> {
    await this.reopenResumable(options.transientOnly ? ['automatic'] : ['automatic', 'resume']);
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
  private async reopenResumable(kinds: readonly RetryKind[]) {
    const resumable = (error?: { code: string }) => {
      const kind = error && retryKindOf(error.code);
      return kind !== undefined && kinds.includes(kind);
    };
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

  // ── closing links (close-links.ts) ────────────────────────────────────────────────────────────

  revoke(url: string): Promise<RevokeOutcome> {
    return this.links.revoke(url);
  }

  deleteRemote(id: string): Promise<RevokeOutcome> {
    return this.links.deleteRemote(id);
  }

  sweep(): Promise<SweepOutcome[]> {
    return this.links.sweep();
  }

  // ── questions about the journal (lookups.ts) ──────────────────────────────────────────────────

  history(): HistoryEntry[] {
    return historyIn(this.journal);
  }

  findShared(sourceSha256: string, provider?: ProviderId): ExistingShare | undefined {
    return findSharedIn(this.journal, sourceSha256, provider ?? this.deps.settings.get().defaultProvider);
  }

  hasPendingJob(path: string): boolean {
    return hasPendingJobIn(this.journal, path);
  }

  checkLink(id: string): Promise<'live' | 'broken' | undefined> {
    return checkLinkIn(this.journal, this.providers, id);
  }

  async close() {
    this.rechecks.close();
    await this.links.close();
    await this.runner.flush();
    await this.release();
  }
}

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
