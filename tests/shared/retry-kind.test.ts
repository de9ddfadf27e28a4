// One rule says what happens to a photo that failed: tried again by DM Drop, kept for the user to
// resume after fixing something, or never. The engine, the watcher and the window all ask it.
import { describe, expect, it } from 'vitest';
import { DmDropError, ERROR_CODES } from '../../src/shared/errors';
import { mayRetryCall, retryKindOf } from '../../src/shared/retry-kind';

describe('retry kinds', () => {
  it('retries network and provider trouble by itself', () => {
    for (const code of ['NETWORK_ERROR', 'RATE_LIMITED', 'PROVIDER_ERROR']) expect(retryKindOf(code), code).toBe('automatic');
  });

  it('keeps failures the user fixes (sign-in, space) for resume', () => {
    for (const code of ['AUTH_EXPIRED', 'AUTH_REVOKED', 'NOT_CONNECTED', 'QUOTA_EXCEEDED']) expect(retryKindOf(code), code).toBe('resume');
  });

  it('never retries a failure of the photo itself, a replaced attempt, or an unknown code', () => {
    const retried = ERROR_CODES.filter((code) => retryKindOf(code) !== undefined);
    expect(retried.sort()).toEqual(['AUTH_EXPIRED', 'AUTH_REVOKED', 'NETWORK_ERROR', 'NOT_CONNECTED', 'PROVIDER_ERROR', 'QUOTA_EXCEEDED', 'RATE_LIMITED']);
    expect(retryKindOf('IMAGE_CORRUPT')).toBeUndefined();
    expect(retryKindOf('SUPERSEDED')).toBeUndefined();
    expect(retryKindOf('toString')).toBeUndefined(); // not fooled by the object's prototype
  });

  it('inside one call, sends a request again only when its error allows it (or the fault is unclassified)', () => {
    expect(mayRetryCall(new DmDropError('RATE_LIMITED', 'slow down', { retryable: true }))).toBe(true);
    expect(mayRetryCall(new DmDropError('PROVIDER_ERROR', 'refused'))).toBe(false);
    expect(mayRetryCall(new TypeError('socket hang up'))).toBe(true);
  });
});
