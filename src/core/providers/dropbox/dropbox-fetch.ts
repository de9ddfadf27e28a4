// The fetch the Dropbox SDK and the link verifier use. dropbox@10.34 hard-codes https:// hosts and
// calls res.buffer() on downloads (node-fetch@2 only), so we hand it node-fetch@2, optionally
// pointed at a loopback emulator by rewriting the real hosts (see shared/contracts/dropbox.md §1).
import nodeFetch, { type RequestInit, type Response } from 'node-fetch';

export type DropboxFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Every host the SDK, the OAuth flow and anonymous link downloads talk to. */
const REAL_HOSTS =
  /^https:\/\/(api\.dropboxapi\.com|content\.dropboxapi\.com|(?:www\.)?dropbox\.com|[a-z0-9-]+\.dl\.dropboxusercontent\.com|dl\.dropboxusercontent\.com)(?=[/?]|$)/i;

/** The original host travels in this header so an emulator can reject a route sent to the wrong host. */
export const ORIGINAL_HOST_HEADER = 'x-dmdrop-original-host';

export function rewriteDropboxUrl(url: string, endpoint: string | undefined): { url: string; host?: string } {
  if (!endpoint) return { url };
  const match = REAL_HOSTS.exec(url);
  if (!match) return { url };
  return { url: endpoint.replace(/\/$/, '') + url.slice(match[0].length), host: match[1]!.toLowerCase() };
}

export function createDropboxFetch(endpoint?: string): DropboxFetch {
  return (url, init = {}) => {
    const target = rewriteDropboxUrl(url, endpoint);
    if (!target.host) return nodeFetch(url, init);
    const headers = { ...(init.headers as Record<string, string> | undefined), [ORIGINAL_HOST_HEADER]: target.host };
    return nodeFetch(target.url, { ...init, headers });
  };
}
