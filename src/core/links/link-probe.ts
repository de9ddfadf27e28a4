// Does a link still give a stranger the photo? Used to prove a revoke or an expiry really closed it.
// "Closed" means the stranger no longer gets the content: a 404, a refusal, a detour to a sign-in
// page, or a 200 HTML error page where the photo (or the album's ZIP) used to come all count, because
// providers answer dead links with any of them (Dropbox can answer 200 with an error page).
import type { HttpFetch } from '../net/http-fetch';
import type { Clock } from '../ports/clock';
import type { Provider } from '../providers/provider';
import { anonymousGet } from './anonymous-get';

const SIGN_IN = /accounts\.google\.com|ServiceLogin|\/login(?:[/?]|$)|signin|sign_in/i;

export function looksLikeSignIn(url: string): boolean {
  return SIGN_IN.test(url);
}

/**
 * What a stranger's GET of `url` must return while the link is open: `bytes` (non-HTML content:
 * the photo, an album's ZIP) or a `page` (a folder page with no bytes URL of its own).
 */
export type ProbeExpects = 'bytes' | 'page';

export interface LinkProbe {
  url: string;
  expects: ProbeExpects;
}

export async function linkStillOpens(fetch: HttpFetch, url: string, expects: ProbeExpects = 'page'): Promise<boolean> {
  const { response, finalUrl } = await anonymousGet(fetch, url);
  response.body?.resume?.();
  if (response.status !== 200 || looksLikeSignIn(finalUrl)) return false;
  return expects === 'page' || !(response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/html');
}

/** The provider's own probe for a link (its bytes URL), or the link itself expected to serve bytes. */
export function probeFor(provider: Pick<Provider, 'probeFor'>, url: string): LinkProbe {
  return provider.probeFor?.(url) ?? { url, expects: 'bytes' };
}

/** Does a stranger still get what `url` shares (the photo, or the album's content)? */
export function strangerStillGets(provider: Pick<Provider, 'probeFor' | 'anonymousFetch'>, url: string): Promise<boolean> {
  const probe = probeFor(provider, url);
  return linkStillOpens(provider.anonymousFetch, probe.url, probe.expects);
}

/**
 * After a revoke: a removal can take a few seconds to reach the hosts that serve strangers, so a
 * link that still opens is asked again after each of these delays before it is called still open.
 */
export const CLOSE_RECHECK_DELAYS_MS = [2_000, 4_000, 8_000] as const;

export async function stillOpenAfterRevoke(
  provider: Pick<Provider, 'probeFor' | 'anonymousFetch'>,
  url: string,
  clock: Pick<Clock, 'sleep'>,
  delays: readonly number[] = CLOSE_RECHECK_DELAYS_MS,
): Promise<boolean> {
  if (!(await strangerStillGets(provider, url))) return false;
  for (const delay of delays) {
    await clock.sleep(delay);
    if (!(await strangerStillGets(provider, url))) return false;
  }
  return true;
}
