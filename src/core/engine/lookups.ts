// Questions asked of the journal without changing it: the history, a link already made for these
// bytes, a job still pending for a file, and whether a live link still opens for a stranger.
import { resolve } from 'node:path';
import type { ProviderId } from '../../shared/settings-schema';
import { linkForDm } from '../links/dm-link';
import { strangerStillGets } from '../links/link-probe';
import type { ProviderRegistry } from '../providers/provider-registry';
import { historyOf, type HistoryEntry } from '../queue/history';
import type { Journal } from '../queue/journal';

/** A link already made for these exact bytes (the watcher reuses it instead of uploading again). */
export interface ExistingShare {
  url: string;
  directUrl: string;
  dm: string;
}

export function historyIn(journal: Journal): HistoryEntry[] {
  return historyOf(journal.all(), journal.albums());
}

/** The newest live link for a photo with these original bytes on this provider, if one exists. */
export function findSharedIn(journal: Journal, sourceSha256: string, provider: ProviderId): ExistingShare | undefined {
  const job = journal.all().findLast((j) => j.status === 'live' && j.provider === provider && j.source?.sha256 === sourceSha256 && j.link && j.dm);
  return job ? { url: linkForDm(job.link!, job.options.linkOpens ?? 'page'), directUrl: job.link!.directUrl, dm: job.dm! } : undefined;
}

/** True while a job for this file is still queued or running (a resume will finish it). */
export function hasPendingJobIn(journal: Journal, path: string): boolean {
  const target = resolve(path);
  return journal.list().some((j) => j.status === 'pending' && j.path === target);
}

/** Does a live link still open for a stranger? Undefined when there is no live link, or no answer (offline says nothing about the link). */
export async function checkLinkIn(journal: Journal, providers: ProviderRegistry, id: string): Promise<'live' | 'broken' | undefined> {
  const job = journal.get(id);
  if (!job || job.status !== 'live' || !job.link) return undefined;
  const provider = await providers.get(job.provider);
  try {
    return (await strangerStillGets(provider, job.link.directUrl)) ? 'live' : 'broken';
  } catch {
    return undefined;
  }
}
