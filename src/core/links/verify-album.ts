// Proof that an album link works before we call it shared: a stranger's GET of the album page must
// open (not a sign-in page) and list every photo in it; where the provider gives each photo an
// anonymous URL, each one must also serve exactly the bytes we uploaded.
import { DmDropError } from '../../shared/errors';
import type { HttpFetch } from '../net/http-fetch';
import { anonymousGet } from './anonymous-get';
import { looksLikeSignIn } from './link-probe';
import { verifyLink } from './verify-link';

export interface AlbumMember {
  /** The photo's name as stored in the album. */
  name: string;
  sha256: string;
  size: number;
  directUrl?: string;
}

export interface VerifyAlbumInput {
  url: string;
  members: AlbumMember[];
  fetch: HttpFetch;
  signal?: AbortSignal;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function verifyAlbum(input: VerifyAlbumInput): Promise<void> {
  const page = await anonymousGet(input.fetch, input.url, input.signal);
  const { response } = page;
  if (response.status !== 200 || looksLikeSignIn(page.finalUrl)) {
    response.body?.resume?.();
    const transient = response.status === 404 || response.status === 429 || response.status >= 500;
    throw new DmDropError('LINK_NOT_VERIFIED', `The album link could not be verified: it does not open for strangers (HTTP ${response.status}).`, { retryable: transient });
  }
  const html = await response.text();
  const missing = input.members.filter((m) => !html.includes(m.name) && !html.includes(escapeHtml(m.name)) && !html.includes(encodeURIComponent(m.name)));
  if (missing.length > 0) {
    throw new DmDropError('LINK_NOT_VERIFIED', `The album link could not be verified: its page does not list ${missing.length} of the ${input.members.length} photos.`, { retryable: true });
  }
  for (const member of input.members) {
    if (!member.directUrl) continue;
    await verifyLink({ directUrl: member.directUrl, expected: member, fetch: input.fetch, signal: input.signal });
  }
}
