// Does a link still open for a stranger? Used to prove a revoke or an expiry really closed it:
// a 404, a refusal or a detour to a sign-in page all count as closed.
import type { HttpFetch } from '../net/http-fetch';
import { anonymousGet } from './anonymous-get';

const SIGN_IN = /accounts\.google\.com|ServiceLogin|\/login(?:[/?]|$)|signin|sign_in/i;

export function looksLikeSignIn(url: string): boolean {
  return SIGN_IN.test(url);
}

export async function linkStillOpens(fetch: HttpFetch, url: string): Promise<boolean> {
  const { response, finalUrl } = await anonymousGet(fetch, url);
  response.body?.resume?.();
  return response.status === 200 && !looksLikeSignIn(finalUrl);
}
