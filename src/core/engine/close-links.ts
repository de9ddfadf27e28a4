// Closing links: revoke (the person asked), delete (the file goes too) and expiry (its time came),
// each proven by a stranger's GET that no longer gets the photo. Expiry runs on one timer for the
// next due link, never a poll, and a sweep at every start.
import { DmDropError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import type { ProviderId } from '../../shared/settings-schema';
import { stillOpenAfterRevoke } from '../links/link-probe';
import type { Clock } from '../ports/clock';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { AlbumRecord, JobRecord } from '../queue/job-record';
import type { Journal } from '../queue/journal';
import { timerSchedule, type Schedule } from './network-recovery';

export interface SweepOutcome {
  url: string;
  file: string;
  ok: boolean;
  /** The expiry was enforced after its time because nothing was running then. */
  late: boolean;
  error?: ErrorInfo;
}

export interface RevokeOutcome {
  url: string;
  ok: boolean;
  error?: ErrorInfo;
}

export interface LinkCloserDeps {
  journal: Journal;
  providers: ProviderRegistry;
  clock: Clock;
  /** The expiry timer; tests pass their own to fire it when they choose. */
  schedule?: Schedule;
}

/** An expiry enforced more than this after its time was late: nothing was running then (a minute of slack for timer jitter). */
const LATE_AFTER_MS = 60_000;

/** setTimeout holds at most ~24.8 days; a longer wait is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Closable = Pick<JobRecord | AlbumRecord, 'status' | 'provider' | 'link' | 'options'>;

export class LinkCloser {
  private cancelExpiryTimer?: () => void;
  private sweeping?: Promise<SweepOutcome[]>;
  private closed = false;

  constructor(private readonly deps: LinkCloserDeps) {}

  async revoke(url: string): Promise<RevokeOutcome> {
    const { journal } = this.deps;
    const job = journal.all().find((j) => j.link && (j.link.url === url || j.link.directUrl === url || j.link.photoUrl === url));
    // A photo of an album is public through the album: closing it means closing the album.
    const album = journal.albums().find((a) => a.link && (a.link.url === url || a.id === job?.albumId));
    try {
      if (album) {
        await this.closeLink(album.provider, album.link!.url, album.link!.directUrl);
        await this.closeAlbum(album, 'revoked');
      } else {
        await this.closeLink(job?.provider ?? (this.deps.providers.ownerOf(url) as ProviderId), job?.link?.url ?? url, job?.link?.directUrl ?? url);
        if (job) await journal.update(job.id, { status: 'revoked', revokedAt: this.isoNow() });
      }
      return { url, ok: true };
    } catch (error) {
      return { url, ok: false, error: toErrorInfo(error) };
    }
  }

  /** Closes a photo's own link (never an album's: the others stay shared) and deletes the file from the user's storage. */
  async deleteRemote(id: string): Promise<RevokeOutcome> {
    const { journal, clock } = this.deps;
    const job = journal.get(id);
    if (!job?.remote) return { url: '', ok: false, error: { code: 'LINK_NOT_FOUND', message: 'There is no uploaded file for this entry.' } };
    try {
      if (job.status === 'live' && job.link && !job.albumId) await this.closeLink(job.provider, job.link.url, job.link.directUrl);
      const provider = await this.deps.providers.get(job.provider);
      await provider.deleteFile(job.remote);
      if (job.albumId && job.link && job.link.directUrl !== job.link.url && (await stillOpenAfterRevoke(provider, job.link.directUrl, clock))) {
        throw new DmDropError('REVOKE_FAILED', 'The file was deleted, but its address still opens for strangers.');
      }
      await journal.update(id, { status: 'deleted', revokedAt: job.revokedAt ?? this.isoNow() });
      return { url: job.link?.url ?? '', ok: true };
    } catch (error) {
      return { url: job.link?.url ?? '', ok: false, error: toErrorInfo(error) };
    }
  }

  /** Revokes every live link whose expiry has come. One sweep at a time; close() waits for it so no journal write outlives the lock. */
  sweep(): Promise<SweepOutcome[]> {
    this.sweeping ??= this.sweepNow().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepNow(): Promise<SweepOutcome[]> {
    const { journal } = this.deps;
    const now = this.deps.clock.now();
    const isDue = (r: Closable) => r.status === 'live' && r.link && r.options.expiresAt && Date.parse(r.options.expiresAt) <= now;
    // Albums first: closing one closes its photos, which are not swept again on their own.
    const due = [
      ...journal
        .albums()
        .filter(isDue)
        .map((album) => ({ record: album, file: album.name, markClosed: (late: boolean) => this.closeAlbum(album, 'expired', late) })),
      ...journal
        .list()
        .filter((job) => !job.albumId && isDue(job))
        .map((job) => ({
          record: job,
          file: job.file,
          markClosed: (late: boolean) => journal.update(job.id, { status: 'expired', revokedAt: new Date(now).toISOString(), expiredLate: late }),
        })),
    ];
    const outcomes: SweepOutcome[] = [];
    for (const { record, file, markClosed } of due) {
      const link = record.link!;
      const late = now - Date.parse(record.options.expiresAt!) > LATE_AFTER_MS;
      try {
        await this.closeLink(record.provider, link.url, link.directUrl);
        await markClosed(late);
        outcomes.push({ url: link.url, file, ok: true, late });
      } catch (error) {
        outcomes.push({ url: link.url, file, ok: false, late, error: toErrorInfo(error) });
      }
    }
    this.scheduleExpiry();
    return outcomes;
  }

  /** One timer for the next expiry: react when it is due, never poll. Unref'd so it never keeps a CLI alive. */
  scheduleExpiry(): void {
    this.cancelExpiryTimer?.();
    this.cancelExpiryTimer = undefined;
    if (this.closed) return;
    const { journal, clock } = this.deps;
    const next = Math.min(
      ...[...journal.list(), ...journal.albums()].filter((r) => r.status === 'live' && r.options.expiresAt).map((r) => Date.parse(r.options.expiresAt!)),
    );
    if (!Number.isFinite(next)) return;
    const delay = Math.min(Math.max(0, next - clock.now()), MAX_TIMER_MS);
    this.cancelExpiryTimer = (this.deps.schedule ?? timerSchedule)(() => void this.sweep(), delay);
  }

  /** Stops the timer and waits for a sweep under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelExpiryTimer?.();
    this.cancelExpiryTimer = undefined;
    await this.sweeping?.catch(() => undefined);
  }

  /**
   * Revokes a link, then proves it: a stranger must no longer get the photo (an error page, a
   * sign-in page or an error is closed). A removal that is still spreading to the provider's serving
   * hosts is asked again after a few seconds (on the engine's clock) before REVOKE_FAILED.
   */
  private async closeLink(providerId: ProviderId, url: string, directUrl: string): Promise<void> {
    const provider = await this.deps.providers.get(providerId);
    await provider.revoke(url);
    if (await stillOpenAfterRevoke(provider, directUrl, this.deps.clock)) {
      throw new DmDropError('REVOKE_FAILED', 'The provider accepted the revoke, but strangers still get the photo through the link.');
    }
  }

  /** The album and every photo shared through it are closed together. */
  private async closeAlbum(album: AlbumRecord, status: 'revoked' | 'expired', late?: boolean) {
    const { journal } = this.deps;
    const patch = { status, revokedAt: this.isoNow(), ...(late === undefined ? {} : { expiredLate: late }) };
    await journal.updateAlbum(album.id, patch);
    for (const job of journal.list().filter((j) => j.albumId === album.id && j.status === 'live')) {
      await journal.update(job.id, patch);
    }
  }

  private isoNow(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
