// A GET exactly as a stranger's phone would make it: no credentials, no cookies, redirects
// followed hop by hop through the given fetch (so each hop can be routed to an emulator).
import { DmDropError } from '../../shared/errors';
import type { HttpFetch, Response } from '../net/http-fetch';

const MAX_REDIRECTS = 8;

export interface AnonymousResponse {
  response: Response;
  finalUrl: string;
  /** Every URL visited, the last one answering with a non-redirect status. */
  hops: string[];
}

export async function anonymousGet(fetch: HttpFetch, url: string, signal?: AbortSignal): Promise<AnonymousResponse> {
  const hops: string[] = [];
  let current = url;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    hops.push(current);
    const response = await fetch(current, {
      method: 'GET',
      redirect: 'manual',
      headers: { 'user-agent': 'DM Drop link check', accept: '*/*' },
      signal: signal as never,
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      response.body?.resume?.();
      current = new URL(location, current).toString();
      continue;
    }
    return { response, finalUrl: current, hops };
  }
  throw new DmDropError('LINK_NOT_VERIFIED', `The link redirects more than ${MAX_REDIRECTS} times.`, {
    retryable: false,
  });
}
