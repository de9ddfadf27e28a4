// Where Google lives, or where a loopback emulator stands in for it. googleapis ignores a
// client-level rootUrl for media uploads (shared/contracts/google-drive.md §1), so every call gets
// its own `rootUrl`, and anonymous link checks rewrite Google's public hosts to the emulator.
import nodeFetch from 'node-fetch';
import type { HttpFetch } from '../../net/http-fetch';

export interface DriveEndpoints {
  /** Base of /drive/v3 and /upload/drive/v3, ending in a slash. */
  rootUrl: string;
  oauth2AuthBaseUrl: string;
  oauth2TokenUrl: string;
  oauth2RevokeUrl: string;
  tokenInfoUrl: string;
}

export const GOOGLE_ENDPOINTS: DriveEndpoints = {
  rootUrl: 'https://www.googleapis.com/',
  oauth2AuthBaseUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  oauth2TokenUrl: 'https://oauth2.googleapis.com/token',
  oauth2RevokeUrl: 'https://oauth2.googleapis.com/revoke',
  tokenInfoUrl: 'https://oauth2.googleapis.com/tokeninfo',
};

export function driveEndpoints(emulator?: string): DriveEndpoints {
  if (!emulator) return GOOGLE_ENDPOINTS;
  const base = emulator.replace(/\/+$/, '');
  return {
    rootUrl: `${base}/`,
    oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
    oauth2TokenUrl: `${base}/token`,
    oauth2RevokeUrl: `${base}/revoke`,
    tokenInfoUrl: `${base}/tokeninfo`,
  };
}

/** The hosts a stranger's browser meets when opening a Drive link (and its sign-in detour). */
const PUBLIC_HOSTS = /^https:\/\/(drive\.google\.com|drive\.usercontent\.google\.com|docs\.google\.com|accounts\.google\.com)(?=[/?]|$)/i;

export function rewriteDriveUrl(url: string, emulator: string | undefined): string {
  if (!emulator) return url;
  const match = PUBLIC_HOSTS.exec(url);
  return match ? emulator.replace(/\/+$/, '') + url.slice(match[0].length) : url;
}

/**
 * What a stranger's phone says it is. Drive serves its pages only to browsers it recognises (an
 * "Update your browser" page otherwise, possibly even where the link is closed), so anonymous
 * checks of Drive links say they are one, as gdown does (docs/contracts/google-drive.md, Albums).
 */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Fetch for anonymous checks of Drive links: never adds credentials; speaks as a phone's browser. */
export function createDriveAnonymousFetch(emulator?: string): HttpFetch {
  return (url, init = {}) => nodeFetch(rewriteDriveUrl(url, emulator), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), 'user-agent': BROWSER_USER_AGENT } });
}

/** The Drive file or folder id a link points at (view page, folder page, or direct download). */
export function driveIdFromUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = /\/(?:file\/d|drive\/(?:u\/\d+\/)?folders)\/([A-Za-z0-9_-]+)/.exec(parsed.pathname);
  return path?.[1] ?? parsed.searchParams.get('id') ?? undefined;
}
