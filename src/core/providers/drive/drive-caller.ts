// Every Drive call goes through here: the googleapis client (only its Drive module, which loads
// ~8× faster than the whole package), our own retry policy instead of gaxios' (which ignores POSTs
// and 403 rate limits), a forced token refresh on a 401, and errors turned into sentences.
import type { Auth } from 'googleapis';
import { auth as googleAuth, drive as driveApi, type drive_v3 } from 'googleapis/build/src/apis/drive/index.js';
import type { Clock } from '../../ports/clock';
import { withRetryAndRefresh, type RetryPolicy, type TokenRefresh } from '../../net/retry';
import { DmDropError } from '../../../shared/errors';
import { classifyDriveError, reasonOf, RECONNECT_DRIVE, statusOf, toDriveDmDropError } from './drive-errors';
import { driveEndpoints, type DriveEndpoints } from './drive-endpoints';


export interface DriveCallerOptions {
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  /** Loopback emulator base URL; unset for the real service. */
  endpoint?: string;
  clock: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
}

/** Options every googleapis call gets: the emulator's root (uploads ignore the client's) and no gaxios retries. */
export interface CallOptions {
  rootUrl: string;
  retry: false;
}

export type DriveCall = <T>(action: string, call: (drive: drive_v3.Drive, options: CallOptions, attempt: number) => Promise<T>) => Promise<T>;

export interface DriveCaller {
  drive: drive_v3.Drive;
  auth: Auth.OAuth2Client;
  endpoints: DriveEndpoints;
  call: DriveCall;
}

export function createOAuthClient(options: { clientId: string; clientSecret?: string; endpoint?: string; redirectUri?: string }): Auth.OAuth2Client {
  const endpoints = driveEndpoints(options.endpoint);
  return new googleAuth.OAuth2({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: endpoints.oauth2AuthBaseUrl,
      oauth2TokenUrl: endpoints.oauth2TokenUrl,
      oauth2RevokeUrl: endpoints.oauth2RevokeUrl,
      tokenInfoUrl: endpoints.tokenInfoUrl,
    },
  });
}

export function createDriveCaller(options: DriveCallerOptions): DriveCaller {
  const endpoints = driveEndpoints(options.endpoint);
  const auth = createOAuthClient(options);
  auth.setCredentials({ refresh_token: options.refreshToken });
  const drive = driveApi({ version: 'v3', auth, rootUrl: endpoints.rootUrl });
  const callOptions: CallOptions = { rootUrl: endpoints.rootUrl, retry: false };

  // A dead refresh token answers invalid_grant: that is for the user to fix, not a refresh.
  const refresh: TokenRefresh = {
    isExpired: (error) => statusOf(error) === 401 && reasonOf(error) !== 'invalid_grant',
    forget: () => auth.setCredentials({ refresh_token: options.refreshToken }),
    expiredError: (cause) => new DmDropError('AUTH_EXPIRED', RECONNECT_DRIVE, { cause, retryable: true }),
  };
  const call: DriveCall = async (action, operation) => {
    try {
      return await withRetryAndRefresh((attempt) => operation(drive, callOptions, attempt), classifyDriveError, refresh, {
        clock: options.clock,
        random: options.random,
        policy: options.retry,
      });
    } catch (error) {
      throw toDriveDmDropError(error, action);
    }
  };
  return { drive, auth, endpoints, call };
}
