// Drive failures routed the way Google documents them (shared/contracts/google-drive.md §6): by
// HTTP status and errors[0].reason, never by message text. What may pass is retried with backoff;
// what needs the user (quota, a dead sign-in) becomes one clear sentence.
import { DmDropError } from '../../../shared/errors';
import type { RetryDecision } from '../../net/retry';

/** The parts of a GaxiosError we rely on (duck-typed: gaxios is googleapis' own dependency). */
export interface DriveFailure {
  status?: number;
  code?: string | number;
  message: string;
  response?: { status: number; data?: unknown; headers?: { get?(name: string): string | null } };
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; errors?: { reason?: string; message?: string }[] } | string;
  error_description?: string;
}

export function isDriveFailure(error: unknown): error is DriveFailure {
  return error instanceof Error && ('response' in error || 'status' in error || 'code' in error);
}

export function statusOf(error: unknown): number | undefined {
  if (!isDriveFailure(error)) return undefined;
  return error.response?.status ?? (typeof error.status === 'number' ? error.status : undefined);
}

/** `errors[0].reason` of an API error, or the OAuth `error` string of a token-endpoint error. */
export function reasonOf(error: unknown): string | undefined {
  if (!isDriveFailure(error)) return undefined;
  const body = error.response?.data as GoogleErrorBody | undefined;
  if (!body || typeof body !== 'object') return undefined;
  if (typeof body.error === 'string') return body.error;
  return body.error?.errors?.[0]?.reason;
}

const BACKOFF_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'sharingRateLimitExceeded', 'backendError']);

/** True when no HTTP answer arrived at all (refused, reset, dropped mid-body). */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof Error && statusOf(error) === undefined && !(error instanceof DmDropError);
}

export function classifyDriveError(error: unknown): RetryDecision {
  if (error instanceof DmDropError) return { retry: error.retryable };
  const status = statusOf(error);
  if (status === undefined) return { retry: isNetworkFailure(error) };
  if (status === 429 || status >= 500) return { retry: true, afterMs: retryAfterMs(error) };
  if (status === 403 && BACKOFF_REASONS.has(reasonOf(error) ?? '')) return { retry: true, afterMs: retryAfterMs(error) };
  return { retry: false };
}

/** Drive does not document Retry-After, but honour it when it comes. */
function retryAfterMs(error: unknown): number | undefined {
  const value = (error as DriveFailure).response?.headers?.get?.('retry-after');
  const seconds = value ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export const RECONNECT_DRIVE =
  'Google Drive no longer accepts DM Drop’s sign-in (it was revoked, unused for six months, or the Google Cloud app is still in “Testing” status, which ends sign-ins after 7 days). Run `dmdrop login drive` to reconnect.';

/**
 * A refusal of the "anyone with the link" permission itself. Our request is fixed and valid, so a
 * 403 `forbidden` there is a Workspace domain that forbids publishing (odeke-em/drive#864), and a
 * 400 is a shared drive whose settings refuse it (googleapis/google-api-python-client#895).
 */
export function anyoneRefusal(error: unknown): DmDropError | undefined {
  const cause = error instanceof DmDropError ? error.cause : error;
  const status = statusOf(cause);
  const reason = reasonOf(cause);
  if (status === 403 && (reason === 'forbidden' || reason === 'domainPolicy' || reason === 'publishOutNotPermitted')) return publicLinksForbidden(cause);
  if (status === 400 && (reason === 'badRequest' || reason === 'invalidSharingRequest')) {
    return new DmDropError(
      'SHARED_DRIVE_FORBIDS_LINKS',
      'Google Drive refused a link anyone can open for this file: it is in a shared drive whose settings (or your organisation’s) do not allow such links. Move DM Drop’s folder back to My Drive, or ask the shared drive’s manager.',
      { cause },
    );
  }
  return undefined;
}

function publicLinksForbidden(cause: unknown): DmDropError {
  return new DmDropError(
    'PUBLIC_LINKS_FORBIDDEN',
    'Your organisation does not allow links that anyone can open: your Google Workspace administrator has turned off sharing outside the organisation, so DM Drop cannot share from this Drive.',
    { cause },
  );
}

export function toDriveDmDropError(error: unknown, action: string): DmDropError {
  if (error instanceof DmDropError) return error;
  const status = statusOf(error);
  const reason = reasonOf(error);
  const detail = (error as Error)?.message ?? String(error);
  if (reason === 'invalid_grant') return new DmDropError('AUTH_EXPIRED', RECONNECT_DRIVE, { cause: error });
  if (reason === 'invalid_client' || reason === 'deleted_client' || reason === 'unauthorized_client') {
    return new DmDropError('AUTH_FAILED', `Google refused DM Drop’s OAuth client (${reason}); check the client id and secret (see the README, “Connecting Google Drive”).`, { cause: error });
  }
  if (status === undefined) {
    return new DmDropError('NETWORK_ERROR', `Could not reach Google Drive to ${action}: ${detail}.`, { cause: error, retryable: true });
  }
  if (status === 401) return new DmDropError('AUTH_EXPIRED', RECONNECT_DRIVE, { cause: error });
  if (reason === 'storageQuotaExceeded' || reason === 'quotaExceeded') {
    return new DmDropError('QUOTA_EXCEEDED', 'Your Google Drive is full, so the photo could not be uploaded. Free some space in Drive (or pick Dropbox) and try again.', { cause: error });
  }
  if (status === 429 || (status === 403 && BACKOFF_REASONS.has(reason ?? ''))) {
    return new DmDropError('RATE_LIMITED', `Google Drive is limiting requests right now; could not ${action}. Try again in a minute.`, { cause: error, retryable: true });
  }
  if (status === 403 && (reason === 'insufficientPermissions' || reason === 'insufficientScopes' || reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT')) {
    return new DmDropError('AUTH_FAILED', 'DM Drop was not given access to its Drive files; run `dmdrop login drive` and allow access.', { cause: error });
  }
  if (status === 403 && (reason === 'domainPolicy' || reason === 'publishOutNotPermitted' || reason === 'invalidSharingRequest')) return publicLinksForbidden(error);
  if (status === 404) return new DmDropError('LINK_NOT_FOUND', `Google Drive could not find the file to ${action} (it was deleted, or DM Drop did not create it).`, { cause: error });
  if (status >= 500) {
    return new DmDropError('PROVIDER_ERROR', `Google Drive had a server problem (HTTP ${status}) and could not ${action}; try again shortly.`, { cause: error, retryable: true });
  }
  return new DmDropError('PROVIDER_ERROR', `Google Drive refused to ${action}: ${detail}${reason ? ` (${reason})` : ''}.`, { cause: error });
}
