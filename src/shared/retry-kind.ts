// Which failed shares are tried again, and by whom: decided here once, by the error's code, for the
// engine's resume, the automatic retry (network recovery), the watcher's and the window's "Retry"
// state and the tray's notifications alike.
//
// Retrying inside one call is a different question with a different owner: whether the same request
// is sent again at once (a 429, a 503, a link still propagating) is `DmDropError.retryable`, set by
// whoever raised the error, read by `mayRetryCall`. A call that gave up after its own retries fails
// the photo with a code, and the code says what happens next.
import { DmDropError, type ErrorCode } from './errors';

/**
 * `automatic`: nothing is wrong with the photo or the account (the network, a rate limit, the
 * provider's servers); DM Drop tries again by itself. `resume`: the user fixes something first (sign
 * in again, free space), then resume or Retry finishes it. No kind: the photo itself is at fault.
 */
export type RetryKind = 'automatic' | 'resume';

const RETRY_KINDS: Partial<Record<ErrorCode, RetryKind>> = {
  NETWORK_ERROR: 'automatic',
  RATE_LIMITED: 'automatic',
  PROVIDER_ERROR: 'automatic',
  AUTH_EXPIRED: 'resume',
  AUTH_REVOKED: 'resume',
  NOT_CONNECTED: 'resume',
  QUOTA_EXCEEDED: 'resume',
};

/** How a photo that failed with this code is tried again, if at all. */
export function retryKindOf(code: string): RetryKind | undefined {
  return Object.hasOwn(RETRY_KINDS, code) ? RETRY_KINDS[code as ErrorCode] : undefined;
}

/** Inside one call: may the same request be sent again now? A DmDropError says; a fault we did not classify may pass. */
export function mayRetryCall(error: unknown): boolean {
  return error instanceof DmDropError ? error.retryable : true;
}
