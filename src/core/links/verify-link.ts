// Proof that a link works before we call it shared: fetched anonymously, the direct URL must
// return exactly the bytes we uploaded, and the page URL must open. A link that is private, gone,
// or serves anything else is never reported as shared.
import { DmDropError } from '../../shared/errors';
import type { HttpFetch } from '../net/http-fetch';
import { anonymousGet } from './anonymous-get';
import { hashStream, isTransientStatus } from './verify-album';

export interface VerifyLinkInput {
  /** The page to paste; omitted when only the bytes are checked (an album's photos). */
  url?: string;
  directUrl: string;
  expected: { sha256: string; size: number };
  fetch: HttpFetch;
  signal?: AbortSignal;
}

/**
 * The check a photo's link passes before DM Drop calls it shared, as a stranger: the page opens, and
 * the direct URL and the link that goes in the DM (when it is a URL of its own, e.g. Drive's
 * export=view) serve exactly our bytes, all fetched at once, each with its own retries (`retry`).
 * Answers 'page' when that separate photo URL does not give strangers the photo (a page, a sign-in,
 * a refusal) while the page and its bytes check out: the page link goes in the DM instead. A photo
 * URL that serves other bytes fails like any mismatch. bench/peers.ts makes the peers pay it too.
 */
export async function verifyPhotoLink(input: {
  link: { url: string; directUrl: string };
  dmLink: string;
  expected: VerifyLinkInput['expected'];
  fetch: HttpFetch;
  signal?: AbortSignal;
  retry?: <T>(check: () => Promise<T>) => Promise<T>;
}): Promise<'as-asked' | 'page'> {
  const { link, dmLink, expected, fetch, signal } = input;
  const retry = input.retry ?? (<T>(check: () => Promise<T>) => check());
  const photoLink = dmLink !== link.url && dmLink !== link.directUrl;
  const [page, photo] = await Promise.allSettled([
    retry(() => verifyLink({ url: link.url, directUrl: link.directUrl, expected, fetch, signal })),
    photoLink ? retry(() => verifyLink({ directUrl: dmLink, expected, fetch, signal })) : Promise.resolve(),
  ]);
  if (page.status === 'rejected') throw page.reason;
  if (photo.status === 'fulfilled') return 'as-asked';
  if (servedOtherBytes(photo.reason)) throw photo.reason;
  return 'page';
}

export async function verifyLink(input: VerifyLinkInput): Promise<void> {
  // The page is checked alongside the bytes (one round trip less); its answer is judged after them.
  const pagePromise = input.url === undefined ? undefined : anonymousGet(input.fetch, input.url, input.signal);
  pagePromise?.catch(() => undefined);
  try {
    await verifyBytes(input);
  } catch (error) {
    // Not needed after all: let its connection go.
    void pagePromise?.then((p) => p.response.body?.resume?.(), () => undefined);
    throw error;
  }
  if (pagePromise === undefined) return;
  const page = await pagePromise;
  page.response.body?.resume?.();
  if (page.response.status !== 200) {
    throw notVerified(`the link to paste answers ${describeRefusal(page.response.status, page.finalUrl)}`, isTransientStatus(page.response.status));
  }
}

async function verifyBytes(input: VerifyLinkInput): Promise<void> {
  const direct = await anonymousGet(input.fetch, input.directUrl, input.signal);
  const { response } = direct;
  if (response.status !== 200) {
    response.body?.resume?.();
    throw notVerified(describeRefusal(response.status, direct.finalUrl), isTransientStatus(response.status));
  }
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/html')) {
    response.body?.resume?.();
    throw notVerified('the link shows a web page (probably a sign-in page) instead of the photo', true);
  }
  const got = await hashStream(response.body as AsyncIterable<Buffer>, input.expected.size);
  if (got.size !== input.expected.size || got.sha256 !== input.expected.sha256) {
    const error = notVerified('the link serves different bytes from the photo we uploaded', false);
    otherBytes.add(error);
    throw error;
  }
}

function describeRefusal(status: number, finalUrl: string): string {
  if (status === 401 || status === 403 || /login|signin|sign_in|accounts\./i.test(finalUrl)) {
    return `strangers are asked to sign in (HTTP ${status}), so the link is not public`;
  }
  if (status === 404 || status === 410) return `it does not open for strangers (HTTP ${status})`;
  return `the provider answered HTTP ${status}`;
}

/** Errors that mean "this URL serves a different file", as opposed to "it does not serve one to strangers". */
const otherBytes = new WeakSet<object>();

/** True when the link answered with bytes that are not our photo (never a refusal, page or sign-in). */
export function servedOtherBytes(error: unknown): boolean {
  return typeof error === 'object' && error !== null && otherBytes.has(error);
}

function notVerified(reason: string, retryable: boolean): DmDropError {
  return new DmDropError('LINK_NOT_VERIFIED', `The link could not be verified: ${reason}.`, { retryable });
}
