// Carries one album from its journal record to a verified folder link: the folder is made first
// (tagged with the album's id where the provider can, so a retry finds it again), every photo is
// uploaded into it through the normal pipeline, then the folder is shared once and proven to list
// every photo. A photo that fails is reported and left out; it never blocks the rest.
// A link that was delivered is closed only by the person or its expiry: when photos join a live
// album and the check fails, the link stays, its health says so, and the new photos wait for a
// later check. Only a link nobody has seen yet is revoked when its first check fails.
import { basename } from 'node:path';
import { DmDropError, toErrorInfo } from '../../shared/errors';
import { mayRetryCall } from '../../shared/retry-kind';
import { formatDmText } from '../../shared/dm-text';
import type { AlbumMember } from '../links/verify-album';
import { withRetry } from '../net/retry';
import type { Clock } from '../ports/clock';
import type { Provider } from '../providers/provider';
import type { ProviderRegistry } from '../providers/provider-registry';
import { stepReached, type AlbumRecord, type JobRecord } from '../queue/job-record';
import { crashPoint } from '../queue/crash-points';
import type { Journal } from '../queue/journal';
import type { AlbumOutcome, EngineListener, ShareOutcome } from './engine-events';
import type { JobRunner } from './job-runner';

export interface AlbumRunnerDeps {
  journal: Journal;
  providers: ProviderRegistry;
  runner: JobRunner;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  emit: EngineListener;
  /** Runs one photo through optimise and upload (the engine's pipeline and its limits). */
  upload(job: JobRecord, album: AlbumRecord): Promise<ShareOutcome | undefined>;
}

export interface AlbumResult {
  members: ShareOutcome[];
  album: AlbumOutcome;
}

export class AlbumRunner {
  constructor(private readonly deps: AlbumRunnerDeps) {}

  private members(albumId: string): JobRecord[] {
    return this.deps.journal.list().filter((job) => job.albumId === albumId);
  }

  async run(albumId: string): Promise<AlbumResult> {
    const { journal } = this.deps;
    let album = journal.album(albumId)!;
    const failures: ShareOutcome[] = [];
    try {
      const provider = await this.deps.providers.get(album.provider);
      if (album.step === 'queued') {
        const remote = await provider.createAlbum(album.name, album.id);
        album = await journal.updateAlbum(album.id, { step: 'created', remote });
        await crashPoint('after-album-folder', this.deps.env);
      }
      const pending = this.members(album.id).filter((job) => job.status === 'pending' && !stepReached(job, 'uploaded'));
      for (const outcome of await Promise.all(pending.map((job) => this.deps.upload(job, album)))) {
        if (outcome) failures.push(outcome);
      }
      const uploaded = this.members(album.id).filter((job) => job.status !== 'failed' && stepReached(job, 'uploaded'));
      if (uploaded.length === 0) {
        throw new DmDropError('UPLOAD_FAILED', 'No photo of the album could be uploaded, so there is no album to share.');
      }
      album = await this.share(album, provider);
      album = await this.verify(album, provider, uploaded);
      const members = await this.goLive(album, provider, uploaded);
      const outcome: AlbumOutcome = {
        album: album.name,
        ok: true,
        url: album.link!.url,
        dm: album.dm!,
        count: album.count!,
        provider: album.provider,
        albumId: album.id,
        ...(album.options.expiresAt ? { expiresAt: album.options.expiresAt } : {}),
      };
      this.deps.emit({ type: 'album', outcome });
      return { members: [...failures, ...members], album: outcome };
    } catch (error) {
      return this.fail(album, error, failures);
    }
  }

  private async share(album: AlbumRecord, provider: Provider): Promise<AlbumRecord> {
    if (album.step !== 'created') return album;
    const expiresAt = album.options.expiresAt ? new Date(album.options.expiresAt) : undefined;
    const link = await provider.createLink(album.remote!, { expiresAt });
    if (link.access !== 'viewer' || link.audience !== 'public') {
      await provider.revoke(link.url).catch(() => undefined);
      throw new DmDropError('SHARE_FAILED', `${provider.displayName} made an album link that is not view-only and public; it was revoked.`);
    }
    // An album is opened as a page; its "direct" URL is the page itself.
    const shared = await this.deps.journal.updateAlbum(album.id, { step: 'shared', link: { ...link, directUrl: link.url } });
    await crashPoint('after-album-share', this.deps.env);
    return shared;
  }

  private async verify(album: AlbumRecord, provider: Provider, uploaded: JobRecord[]): Promise<AlbumRecord> {
    if (album.step !== 'shared') return album;
    const members: AlbumMember[] = uploaded.map((job) => ({
      name: basename(job.remote!.path),
      sha256: job.output!.sha256,
      size: job.output!.bytes,
      ...(job.remote!.id ? { id: job.remote!.id } : {}),
      directUrl: provider.memberDirectUrl?.(job.remote!),
      ...(job.status === 'live' ? { proven: true } : {}),
    }));
    // Live means its DM text went out: someone may already have the link.
    const delivered = album.status === 'live';
    const checkedAt = () => new Date(this.deps.clock.now()).toISOString();
    try {
      await withRetry(
        () => provider.verifyAlbum(album.link!, members),
        (error) => ({ retry: mayRetryCall(error) }),
        { clock: this.deps.clock, policy: { maxAttempts: 4, baseDelayMs: 400 } },
      );
    } catch (error) {
      if (delivered) {
        // Never closed on our own initiative: report, keep the link, check again later.
        await this.deps.journal.updateAlbum(album.id, { health: { state: 'failing', checkedAt: checkedAt(), error: toErrorInfo(error) } });
        throw new DmDropError(
          'LINK_NOT_VERIFIED',
          `${toErrorInfo(error).message} DM Drop did not close the album link (the people who have it keep it); it will check it again before adding these photos.`,
          { cause: error, retryable: true },
        );
      }
      // A link nobody has seen yet, which we cannot vouch for, must not stay open.
      await provider.revoke(album.link!.url).catch(() => undefined);
      await this.deps.journal.updateAlbum(album.id, { step: 'created', link: undefined });
      throw error;
    }
    const dm = formatDmText(album.options.template, { link: album.link!.url, caption: album.options.caption, count: uploaded.length });
    return this.deps.journal.updateAlbum(album.id, {
      step: 'verified',
      status: 'live',
      dm,
      count: uploaded.length,
      verifiedAt: checkedAt(),
      health: { state: 'ok', checkedAt: checkedAt() },
    });
  }

  /** Each photo now opens through the album: record that, tidy its staged copy, report it. */
  private async goLive(album: AlbumRecord, provider: Provider, uploaded: JobRecord[]): Promise<ShareOutcome[]> {
    const outcomes: ShareOutcome[] = [];
    for (const member of uploaded) {
      // Photos already live (an album joined by new ones) were reported when they went live; only
      // their DM text changes (it counts the photos).
      if (member.status === 'live') {
        await this.deps.journal.update(member.id, { dm: album.dm });
        continue;
      }
      // Before the write that makes it live (a live photo is never resumed, so a removal after it
      // could be skipped for good by a kill): nothing reads the staged copy past the upload.
      await this.deps.runner.removeStagedCopy(member);
      const job = await this.deps.journal.update(member.id, {
        step: 'verified',
        status: 'live',
        link: { ...album.link!, directUrl: provider.memberDirectUrl?.(member.remote!) ?? album.link!.url },
        dm: album.dm,
        verifiedAt: album.verifiedAt,
      });
      await crashPoint('after-verify', this.deps.env);
      const outcome = this.deps.runner.succeed(job, album.name);
      this.deps.emit({ type: 'outcome', outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private async fail(album: AlbumRecord, error: unknown, failures: ShareOutcome[]): Promise<AlbumResult> {
    const info = toErrorInfo(error);
    // Photos that reached the folder but never went live fail with the album's reason.
    for (const job of this.members(album.id).filter((j) => j.status === 'pending')) {
      const outcome = await this.deps.runner.fail(job, error);
      this.deps.emit({ type: 'outcome', outcome });
      failures.push(outcome);
    }
    // A live album keeps its status (and link): only the photos that could not join it fail.
    if (this.deps.journal.album(album.id)?.status !== 'live') {
      await this.deps.journal.updateAlbum(album.id, { status: 'failed', error: info }).catch(() => undefined);
    }
    const outcome: AlbumOutcome = { album: album.name, ok: false, count: 0, error: info, albumId: album.id };
    this.deps.emit({ type: 'album', outcome });
    return { members: failures, album: outcome };
  }
}
