// Carries one job from wherever the journal says it stopped to a verified link. Each step's result
// is made durable before the next step starts; the upload step first asks the provider whether the
// recorded remote path already holds our bytes, so a resumed job never uploads twice.
import { mkdir, rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import { DmDropError, toErrorInfo } from '../../shared/errors';
import { mayRetryCall, retryKindOf } from '../../shared/retry-kind';
import { inspectFile } from '../intake/inspect-file';
import { chooseJpegEncoding, choosePngLevel, choosePngPassthrough, outputMegapixels } from '../optimise/encoder-choice';
import { DEFAULT_OPTIMISE, optimiseImage, type OptimiseOptions } from '../optimise/optimise-image';
import { UplinkEstimate } from '../net/uplink-estimate';
import { linkForDm } from '../links/dm-link';
import { verifyPhotoLink } from '../links/verify-link';
import { formatDmText } from '../../shared/dm-text';
import { passwordNotKept } from '../links/password-option';
import { verifyPasswordLink } from '../links/verify-password-link';
import { withRetry } from '../net/retry';
import { remoteFileName } from '../naming/remote-name';
import type { Clock } from '../ports/clock';
import type { Provider, RemoteAlbum } from '../providers/provider';
import type { ProviderRegistry } from '../providers/provider-registry';
import { crashPoint } from '../queue/crash-points';
import type { JobRecord } from '../queue/job-record';
import type { Journal } from '../queue/journal';
import type { EngineListener, JobStage, ShareFailure, ShareOutcome } from './engine-events';
import { mayStillUpload, readStagedCopy, stagedCopyOf, stagedPathFor, stagingDir, writeStagedCopy } from './staged-copies';

export interface JobRunnerDeps {
  journal: Journal;
  providers: ProviderRegistry;
  dataDir: string;
  clock: Clock;
  emit: EngineListener;
  env: NodeJS.ProcessEnv;
  /** The uplink learnt from this engine's uploads (one is made when not given). */
  uplink?: UplinkEstimate;
  /**
   * How photos are encoded: 'adaptive' (the default) follows the measured uplink; a fixed choice is
   * for measuring the alternatives (bench/slow-link.ts). A quality set in the settings always wins.
   */
  encoding?: 'adaptive' | Pick<OptimiseOptions, 'jpegEncoder' | 'jpegQuality'>;
  /** Uploads at once (they share one uplink); links and verification are not limited by this. */
  uploads?: number;
  /** Link passwords by job id, in memory only; a job's entry goes when the job ends. */
  linkPasswords?: Map<string, string>;
}

export class JobRunner {
  readonly uplink: UplinkEstimate;
  /**
   * Uploads share the uplink, so a few at once fill it and more only make each one finish later;
   * a photo's link and its verification are round trips that need no uplink, so they run outside
   * this limit and never hold an upload back (the batch benchmark's idle uplink, docs/PERFORMANCE.md).
   */
  private readonly uploadLimit: ReturnType<typeof pLimit>;
  /** Bytes this process staged, by job id, until the job's upload takes them. */
  private readonly staged = new Map<string, Buffer>();
  /** Staged copies being written to the disk, by job id. */
  private readonly staging = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: JobRunnerDeps) {
    this.uplink = deps.uplink ?? new UplinkEstimate({ now: () => deps.clock.now() });
    this.uploadLimit = pLimit(deps.uploads ?? 3);
  }

  private progress(job: JobRecord, stage: JobStage, sent?: number, total?: number) {
    this.deps.emit({ type: 'progress', jobId: job.id, file: job.file, stage, sent, total });
  }

  /**
   * Intake + optimise: everything that happens on this machine, before anything leaves it.
   * `after`: a journal write this step's own must follow (the attempt being counted meanwhile).
   */
  async prepare(job: JobRecord, album?: RemoteAlbum, after?: Promise<unknown>): Promise<JobRecord> {
    if (job.step === 'optimised' && !this.staged.has(job.id)) {
      const kept = await this.recoverStagedCopy(job);
      if (kept) this.staged.set(job.id, kept);
      else job = { ...job, step: 'queued' };
    }
    if (job.step !== 'queued') return job;
    this.progress(job, 'optimising');
    const image = await inspectFile(job.path);
    const encoding: OptimiseOptions = {
      ...DEFAULT_OPTIMISE,
      maxEdge: job.options.maxEdge,
      ...this.jpegEncoding(job, image.width, image.height),
      ...this.pngEncoding(image.width, image.height, image.bytes.length),
    };
    const output = await optimiseImage(image, encoding);
    const stagedPath = stagedPathFor(this.deps.dataDir, job.id, output.ext);
    await this.stage(job.id, stagedPath, output.data);
    const provider = await this.deps.providers.get(job.provider);
    const name = remoteFileName({ stem: job.nameStem, ext: output.ext, originalPath: job.path, keepName: job.options.keepNames });
    await after;
    const updated = await this.deps.journal.update(job.id, {
      step: 'optimised',
      source: { sha256: image.sha256, bytes: image.bytes.length, format: image.format, width: image.width, height: image.height },
      output: {
        sha256: output.sha256,
        bytes: output.bytesOut,
        format: output.format,
        ext: output.ext,
        mime: output.mime,
        width: output.width,
        height: output.height,
        stagedPath,
        removed: output.removed,
        encoding,
      },
      remotePath: provider.remotePathFor(name, album),
    });
    // Kept for this process's upload, which then need not read back the file being written.
    this.staged.set(job.id, output.data);
    await crashPoint('after-optimise', this.deps.env);
    return updated;
  }

  /**
   * Starts writing a job's staged copy (atomic, then synced: staged-copies.ts) and returns once the
   * folder exists. The write finishes in the background: the upload does not wait for the disk,
   * since a copy that never reached it is made again, exactly, by recoverStagedCopy.
   */
  private async stage(jobId: string, path: string, data: Buffer): Promise<void> {
    await mkdir(stagingDir(this.deps.dataDir), { recursive: true, mode: 0o700 });
    const writing = writeStagedCopy(path, data).catch(() => undefined);
    this.staging.set(jobId, writing);
    void writing.then(() => this.staging.get(jobId) === writing && this.staging.delete(jobId));
  }

  /**
   * The bytes a resumed job recorded at 'optimised', or undefined when they cannot be had exactly.
   * Read from its staged copy when that holds them; when the copy is missing or different (a power
   * cut before it reached the disk: ext4 and APFS allocate a new file's blocks late), optimised
   * again from the original with the encoder settings recorded beside them, and used only if the
   * result is byte for byte the recorded one. So an upload made before the cut is found by
   * findExisting, never sent twice. Undefined sends the job back to a fresh optimisation.
   */
  private async recoverStagedCopy(job: JobRecord): Promise<Buffer | undefined> {
    const output = job.output!;
    const path = stagedCopyOf(this.deps.dataDir, job)!;
    const kept = await readStagedCopy(path, output.sha256);
    if (kept || !output.encoding) return kept;
    try {
      const image = await inspectFile(job.path);
      if (image.sha256 !== job.source?.sha256) return undefined;
      const again = await optimiseImage(image, output.encoding);
      if (again.sha256 !== output.sha256) return undefined;
      await this.stage(job.id, path, again.data);
      return again.data;
    } catch {
      return undefined; // the fresh optimisation says what is wrong with the original
    }
  }

  /** Waits for staged copies still being written (an engine closing). */
  async flush(): Promise<void> {
    await Promise.all(this.staging.values());
  }

  /**
   * The encoder and quality for a photo: what the settings say if they name a quality; otherwise
   * the fastest to a received file on the uplink measured so far (today's default before any upload).
   */
  private jpegEncoding(job: JobRecord, width: number, height: number): Partial<Pick<OptimiseOptions, 'jpegEncoder' | 'jpegQuality'>> {
    if (job.options.jpegQuality !== undefined) return { jpegQuality: job.options.jpegQuality };
    const encoding = this.deps.encoding ?? 'adaptive';
    if (encoding !== 'adaptive') return encoding;
    const kbps = this.uplink.kbps();
    if (kbps === undefined) return {};
    const choice = chooseJpegEncoding(kbps, outputMegapixels(width, height, job.options.maxEdge));
    return { jpegEncoder: choice.encoder, jpegQuality: choice.quality };
  }

  /**
   * A lossless PNG's zlib level by the same rule (CPU + bytes ÷ the uplink measured so far); every
   * level gives the same pixels. Sized as a screenshot is kept: its own size up to losslessMaxEdge.
   */
  private pngEncoding(width: number, height: number, bytes: number): Pick<OptimiseOptions, 'pngCompressionLevel' | 'pngPassthrough'> {
    const kbps = (this.deps.encoding ?? 'adaptive') === 'adaptive' ? this.uplink.kbps() : undefined;
    const megapixels = outputMegapixels(width, height, DEFAULT_OPTIMISE.losslessMaxEdge);
    // Or not re-encoded at all, when the original (stripped) is sooner on this uplink and needs no change.
    return { pngCompressionLevel: choosePngLevel(kbps, megapixels), pngPassthrough: choosePngPassthrough(kbps, megapixels, bytes) };
  }

  /** Upload, link, verify: the steps that need the network. An album's photo stops after its upload. */
  async publish(job: JobRecord, until: 'uploaded' | 'verified' = 'verified'): Promise<JobRecord> {
    const provider = await this.deps.providers.get(job.provider);
    const output = job.output!;

    let uploaded: Promise<JobRecord> | undefined;
    if (job.step === 'optimised') {
      const kept = this.staged.get(job.id) ?? (await readStagedCopy(stagedCopyOf(this.deps.dataDir, job)!, output.sha256));
      this.staged.delete(job.id);
      if (!kept) throw new DmDropError('INTERNAL', `The optimised copy of ${job.file} is missing or damaged; share the photo again.`);
      const data = kept;
      this.progress(job, 'uploading', 0, data.length);
      // Only a job that ran before can have left a file behind (attempts are journaled before each
      // run); a first attempt saves the round trip.
      const existing = job.attempts > 1 ? await provider.findExisting(job.remotePath!, data) : undefined;
      const remote = existing ?? (await this.timedUpload(provider, job, data));
      await crashPoint('before-upload-journal', this.deps.env);
      uploaded = this.deps.journal.update(job.id, { step: 'uploaded', remote }).then(async (written) => {
        await crashPoint('after-upload', this.deps.env);
        return written;
      });
      if (until === 'uploaded') return uploaded;
      uploaded.catch(() => undefined); // awaited below
      job = { ...job, step: 'uploaded', remote };
    }
    if (until === 'uploaded') return job;

    let shared: Promise<JobRecord> | undefined;
    if (job.step === 'uploaded') {
      this.progress(job, 'sharing');
      const expiresAt = job.options.expiresAt ? new Date(job.options.expiresAt) : undefined;
      const password = this.passwordOf(job);
      // The link is asked for while the upload is being journaled (one fsync off the critical path).
      // A crash meanwhile leaves a link the journal does not know yet, as a crash before 'shared'
      // always could: the resumed job asks again and gets the same link. If the journal write
      // fails, the link is closed, never left open unrecorded.
      // A link request carries almost no bytes: its duration is the round trip the uplink estimate
      // takes off each upload's time (src/core/net/uplink-estimate.ts).
      const linkStarted = this.deps.clock.now();
      const linking = provider.createLink(job.remote!, { expiresAt, password }).then((made) => {
        this.uplink.noteRoundTrip(this.deps.clock.now() - linkStarted);
        return made;
      });
      if (uploaded) {
        linking.catch(() => undefined);
        try {
          job = await uploaded;
        } catch (error) {
          await linking.then((made) => provider.revoke(made.url)).catch(() => undefined);
          throw error;
        }
      }
      const link = await linking;
      if (link.access !== 'viewer' || link.audience !== (password ? 'password' : 'public')) {
        await provider.revoke(link.url).catch(() => undefined);
        throw new DmDropError(
          'SHARE_FAILED',
          `${provider.displayName} made a link that is not view-only and ${password ? 'password-protected' : 'public'} (access ${link.access}, audience ${link.audience}); it was revoked.`,
        );
      }
      // The stranger's check only reads, so it starts while the link is being journaled; the step
      // after it (verified) is written only once both are done, so the journal's order is unchanged.
      shared = this.deps.journal.update(job.id, { step: 'shared', link }).then(async (written) => {
        await crashPoint('after-share', this.deps.env);
        return written;
      });
      shared.catch(() => undefined); // awaited below
      job = { ...job, step: 'shared', link };
    }

    if (job.step === 'shared') {
      this.progress(job, 'verifying');
      const wanted = job.options.linkOpens ?? provider.defaultLinkOpens;
      let answer: 'as-asked' | 'page';
      if (shared) {
        // A failed check revokes the link and journals that, after the link's own write.
        const checked = this.verify(job, provider, linkForDm(job.link!, wanted));
        checked.catch(() => undefined);
        job = await shared;
        answer = await checked;
      } else {
        answer = await this.verify(job, provider, linkForDm(job.link!, wanted));
      }
      // The photo form may not open for strangers (a provider can stop serving it): then the
      // verified page goes in the DM instead.
      const linkOpens = answer === 'page' ? 'page' : wanted;
      const dmLink = linkForDm(job.link!, linkOpens);
      const dm = formatDmText(job.options.template, { link: dmLink, caption: job.options.caption });
      // The staged copy goes before the write that makes the photo live: nothing reads it past its
      // upload, and a live photo is never resumed, so a kill between that write and a removal after
      // it left the copy in staging for good (found by the kill soak).
      await this.removeStagedCopy(job);
      job = await this.deps.journal.update(job.id, {
        step: 'verified',
        status: 'live',
        dm,
        options: { ...job.options, linkOpens },
        verifiedAt: new Date(this.deps.clock.now()).toISOString(),
      });
      this.deps.linkPasswords?.delete(job.id);
      await crashPoint('after-verify', this.deps.env);
    }
    return job;
  }

  /** A job's staged copy, once nothing will read it again (its upload is journaled, or it failed for good). */
  async removeStagedCopy(job: JobRecord): Promise<void> {
    await this.staging.get(job.id); // a write still in flight would bring it back
    const copy = stagedCopyOf(this.deps.dataDir, job);
    if (copy) await rm(copy, { force: true });
  }

  /** One upload, timed for the uplink estimate. */
  private timedUpload(provider: Provider, job: JobRecord, data: Buffer) {
    return this.uploadLimit(() => this.upload(provider, job, data));
  }

  private async upload(provider: Provider, job: JobRecord, data: Buffer) {
    const timing = this.uplink.start();
    try {
      const remote = await provider.upload({
        data,
        remotePath: job.remotePath!,
        mime: job.output!.mime,
        onProgress: (sent, total) => this.progress(job, 'uploading', sent, total),
      });
      timing.done(data.length);
      return remote;
    } catch (error) {
      timing.cancel();
      throw error;
    }
  }

  /**
   * The page, the direct URL and the link that goes in the DM must all work for a stranger. Answers
   * 'page' when the DM link was a separate photo URL that strangers do not get (a page, a sign-in, a
   * refusal) while the page and its bytes check out: the page goes in the DM instead. A photo URL
   * that serves other bytes fails the link like any other mismatch.
   */
  private async verify(job: JobRecord, provider: Provider, dmLink: string): Promise<'as-asked' | 'page'> {
    const link = job.link!;
    const expected = { sha256: job.output!.sha256, size: job.output!.bytes };
    // The photo link is its own URL on some providers (Drive's export=view): it must serve exactly
    // our bytes too. Both are checked at once, so it costs no extra round trip.
    const photoLink = dmLink !== link.url && dmLink !== link.directUrl;
    const retried = <T>(check: () => Promise<T>) =>
      withRetry(check, (error) => ({ retry: mayRetryCall(error) }), { clock: this.deps.clock, policy: { maxAttempts: 4, baseDelayMs: 400 } });
    try {
      if (job.options.passwordProtected) {
        const password = this.passwordOf(job)!;
        await retried(() => verifyPasswordLink({ url: link.url, directUrl: link.directUrl, alsoDirect: photoLink ? [dmLink] : [], password, expected, fetch: provider.anonymousFetch }));
        return 'as-asked';
      }
      return await verifyPhotoLink({ link, dmLink, expected, fetch: provider.anonymousFetch, retry: retried });
    } catch (error) {
      // A link we cannot vouch for must not stay open.
      await provider.revoke(link.url).catch(() => undefined);
      await this.deps.journal.update(job.id, { step: 'uploaded', link: undefined });
      throw error instanceof DmDropError
        ? error
        : new DmDropError('LINK_NOT_VERIFIED', `The link could not be checked: ${(error as Error).message}.`, { cause: error });
    }
  }

  /** The job's link password; a job journaled with one whose password this process never had cannot go on. */
  private passwordOf(job: JobRecord): string | undefined {
    if (!job.options.passwordProtected) return undefined;
    const password = this.deps.linkPasswords?.get(job.id);
    if (!password) throw passwordNotKept(job.file);
    return password;
  }

  async fail(job: JobRecord, error: unknown): Promise<ShareOutcome> {
    this.deps.linkPasswords?.delete(job.id);
    this.staged.delete(job.id);
    const info = toErrorInfo(error);
    await this.deps.journal.update(job.id, { status: 'failed', error: info }).catch(() => undefined);
    // A photo failed for good never continues: its staged copy goes now, not at the next start.
    if (!mayStillUpload({ ...job, status: 'failed', error: info })) await this.removeStagedCopy(job).catch(() => undefined);
    this.progress(job, 'failed');
    return this.outcomeOf({ ...job, status: 'failed', error: info });
  }

  /** A job that ended without a link, as its outcome; one left for later says so. */
  outcomeOf(job: JobRecord): ShareOutcome {
    const error = (job.error ?? { code: 'INTERNAL', message: `${job.file} is ${job.status}.` }) as ShareFailure['error'];
    return { file: job.file, ok: false, error, jobId: job.id, ...(job.status === 'failed' && retryKindOf(error.code) ? { resumable: true as const } : {}) };
  }

  succeed(job: JobRecord, album?: string): ShareOutcome {
    this.progress(job, 'done');
    return {
      file: job.file,
      ok: true,
      provider: job.provider,
      // The link that went in the DM: the photo itself, or the provider's page.
      url: linkForDm(job.link!, job.options.linkOpens ?? 'page'),
      directUrl: job.link!.directUrl,
      dm: job.dm!,
      bytesIn: job.source!.bytes,
      bytesOut: job.output!.bytes,
      width: job.output!.width,
      height: job.output!.height,
      verified: true,
      jobId: job.id,
      removed: job.output!.removed,
      ...(album === undefined ? {} : { inAlbum: album }),
      ...(job.options.passwordProtected ? { passwordProtected: true as const } : {}),
    };
  }
}
