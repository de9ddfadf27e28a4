// Every Dropbox API call goes through here: proactive token refresh is the SDK's, and on top we
// refresh once on 401 expired_access_token, honour 429 Retry-After, and back off on 5xx,
// too_many_write_operations and dropped connections.
import { Dropbox, DropboxAuth } from 'dropbox';
import { DmDropError } from '../../../shared/errors';
import type { Clock } from '../../ports/clock';
import { withRetry, type RetryPolicy } from '../../net/retry';
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

/** A refresh that keeps being answered with "expired" is not a clock problem: stop after a few. */
const MAX_REFRESHES_PER_CALL = 3;

export type DropboxCall = <T>(action: string, call: (dbx: Dropbox) => Promise<{ result: T }>) => Promise<T>;

export function createDropboxCaller(options: DropboxCallerOptions): { dbx: Dropbox; call: DropboxCall } {
  const fetch = createDropboxFetch(options.endpoint);
  // Our own DropboxAuth, given the same fetch: it owns token refresh and must reach the same host.
  const auth = new DropboxAuth({ clientId: options.appKey, refreshToken: options.refreshToken, fetch });
  const dbx = new Dropbox({ auth, fetch });
  const call: DropboxCall = async (action, operation) => {
    let refreshes = 0;
    try {
      return await withRetry(
        async () => {
          try {
            return (await operation(dbx)).result;
          } catch (error) {
            if (isExpiredToken(error) && refreshes < MAX_REFRESHES_PER_CALL) {
              // Our clock and Dropbox's disagreed, or the token was revoked early: refresh, then
              // let the retry loop run the call again (a flaky network can expire it more than once).
              refreshes++;
              auth.setAccessTokenExpiresAt(new Date(0));
              throw new DmDropError('AUTH_EXPIRED', 'Dropbox access expired and could not be renewed; run `dmdrop login dropbox`.', { cause: error, retryable: true });
            }
            throw error;
          }
        },
        classifyDropboxError,
        { clock: options.clock, random: options.random, policy: options.retry },
      );
    } catch (error) {
      throw toDmDropError(error, action);
    }
  };
  return { dbx, call };
}
