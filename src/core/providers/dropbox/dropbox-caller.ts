// Every Dropbox API call goes through here: proactive token refresh is the SDK's, and on top we
// refresh once on 401 expired_access_token, honour 429 Retry-After, and back off on 5xx,
// too_many_write_operations and dropped connections.
import { Dropbox, DropboxAuth } from 'dropbox';
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

export type DropboxCall = <T>(action: string, call: (dbx: Dropbox) => Promise<{ result: T }>) => Promise<T>;

export function createDropboxCaller(options: DropboxCallerOptions): { dbx: Dropbox; call: DropboxCall } {
  const fetch = createDropboxFetch(options.endpoint);
  // Our own DropboxAuth, given the same fetch: it owns token refresh and must reach the same host.
  const auth = new DropboxAuth({ clientId: options.appKey, refreshToken: options.refreshToken, fetch });
  const dbx = new Dropbox({ auth, fetch });
  const call: DropboxCall = async (action, operation) => {
    let refreshedAfter401 = false;
    try {
      return await withRetry(
        async () => {
          try {
            return (await operation(dbx)).result;
          } catch (error) {
            if (isExpiredToken(error) && !refreshedAfter401) {
              // Our clock and Dropbox's disagreed, or the token was revoked early: refresh once.
              refreshedAfter401 = true;
              auth.setAccessTokenExpiresAt(new Date(0));
              return (await operation(dbx)).result;
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
