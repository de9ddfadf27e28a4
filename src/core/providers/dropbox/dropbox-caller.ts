// Every Dropbox API call goes through here: proactive token refresh is the SDK's, and on top we
// refresh on 401 expired_access_token (a few times per call at most), honour 429 Retry-After, and back off on 5xx,
// too_many_write_operations and dropped connections.
import { Dropbox, DropboxAuth } from 'dropbox';
import { DmDropError } from '../../../shared/errors';
import type { Clock } from '../../ports/clock';
import { withRetryAndRefresh, type RetryPolicy, type TokenRefresh } from '../../net/retry';
import { classifyDropboxError, isExpiredToken, toDmDropError } from './dropbox-errors';
import { createDropboxFetch } from './dropbox-fetch';

export interface DropboxCallerOptions {
  appKey: string;
  refreshToken: string;
  /** Loopback emulator base URL; unset for the real service. */
  endpoint?: string;
  clock: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
}

export type DropboxCall = <T>(action: string, call: (dbx: Dropbox) => Promise<{ result: T }>) => Promise<T>;

export function createDropboxCaller(options: DropboxCallerOptions): { dbx: Dropbox; call: DropboxCall } {
  const fetch = createDropboxFetch(options.endpoint);
  // Our own DropboxAuth, given the same fetch: it owns token refresh and must reach the same host.
  const auth = new DropboxAuth({ clientId: options.appKey, refreshToken: options.refreshToken, fetch });
  const dbx = new Dropbox({ auth, fetch });
  // Our clock and Dropbox's disagreed, or the token was revoked early: refresh and run it again.
  const refresh: TokenRefresh = {
    isExpired: isExpiredToken,
    forget: () => auth.setAccessTokenExpiresAt(new Date(0)),
    expiredError: (cause) => new DmDropError('AUTH_EXPIRED', 'Dropbox access expired and could not be renewed; run `dmdrop login dropbox`.', { cause, retryable: true }),
  };
  const call: DropboxCall = async (action, operation) => {
    try {
      return await withRetryAndRefresh(async () => (await operation(dbx)).result, classifyDropboxError, refresh, {
        clock: options.clock,
        random: options.random,
        policy: options.retry,
      });
    } catch (error) {
      throw toDmDropError(error, action);
    }
  };
  return { dbx, call };
}
