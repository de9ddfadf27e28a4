// Proof for a password link, in two halves: without the password a stranger does not get the photo
// (the page asks for it; the direct URL gives no bytes), and with it, typed into the page as the
// recipient would, the page opens and the direct URL serves exactly our bytes.
import { DmDropError } from '../../shared/errors';
import type { HttpFetch } from '../net/http-fetch';
import { anonymousGet } from './anonymous-get';
import { unlockWithPassword } from './password-session';
import { verifyLink } from './verify-link';

export interface VerifyPasswordLinkInput {
  url: string;
  directUrl: string;
  /** Other URLs that must serve the bytes once unlocked (the photo form of the link). */
  alsoDirect?: string[];
  password: string;
  expected: { sha256: string; size: number };
  fetch: HttpFetch;
  signal?: AbortSignal;
}

export async function verifyPasswordLink(input: VerifyPasswordLinkInput): Promise<void> {
  const locked = await anonymousGet(input.fetch, input.directUrl, input.signal);
  const type = locked.response.headers.get('content-type') ?? '';
  locked.response.body?.resume?.();
  if (locked.response.status === 200 && !type.startsWith('text/html')) {
    throw new DmDropError('LINK_NOT_VERIFIED', 'The link gives the photo to anyone without its password, so it is not password-protected.', { retryable: false });
  }
  const withPassword = await unlockWithPassword(input.fetch, input.url, input.password, input.signal);
  await Promise.all([
    verifyLink({ url: input.url, directUrl: input.directUrl, expected: input.expected, fetch: withPassword, signal: input.signal }),
    ...(input.alsoDirect ?? []).map((directUrl) => verifyLink({ directUrl, expected: input.expected, fetch: withPassword, signal: input.signal })),
  ]);
}
