// How Dropbox failures are read: by HTTP status and the error's `.tag` (never the summary text,
// whose trailing dots vary), into retry decisions and sentences a person can act on.
import { DmDropError } from '../../../shared/errors';
import type { RetryDecision } from '../../net/retry';

export interface DropboxFailure {
  status: number;
  headers?: { get(name: string): string | null };
  error: unknown;
}

export function isDropboxFailure(error: unknown): error is DropboxFailure {
  return typeof error === 'object' && error !== null && typeof (error as DropboxFailure).status === 'number' && 'error' in error;
}

/** The `.tag` path of a Dropbox error body, e.g. `['path', 'conflict', 'file']`. */
export function errorTags(failure: DropboxFailure): string[] {
  const body = failure.error as { error?: unknown } | undefined;
  const tags: string[] = [];
  let node: unknown = typeof body === 'object' && body ? body.error : undefined;
  while (node && typeof node === 'object') {
    const tag = (node as Record<string, unknown>)['.tag'];
    if (typeof tag !== 'string') {
      // 429 bodies put the tag under `reason`.
      node = (node as Record<string, unknown>).reason;
      continue;
    }
    tags.push(tag);
    const nested = (node as Record<string, unknown>)[tag];
    node = nested && typeof nested === 'object' ? nested : (node as Record<string, unknown>).reason;
  }
  return tags;
}

/**
 * The `.tag` path of a route error (409) behind a failed call's DmDropError; empty for anything else.
 * How "not there", "already gone" and "taken" are told apart from real failures.
 */
export function routeErrorTags(error: unknown): string[] {
  const cause = (error as DmDropError | undefined)?.cause;
  return isDropboxFailure(cause) && cause.status === 409 ? errorTags(cause) : [];
}

export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    error.name === 'FetchError' ||
    (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|UND_ERR)/.test(code)) ||
    /socket hang up|premature close|network/i.test(error.message)
  );
}

export function classifyDropboxError(error: unknown): RetryDecision {
  if (error instanceof DmDropError) return error.retryable ? { retry: true } : { retry: false };
  if (isNetworkError(error)) return { retry: true };
  if (!isDropboxFailure(error)) return { retry: false };
  if (error.status === 429) {
    const seconds = Number(error.headers?.get('retry-after') ?? (error.error as { error?: { retry_after?: number } })?.error?.retry_after);
    return { retry: true, afterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined };
  }
  if (error.status >= 500) return { retry: true };
  if (error.status === 409 && errorTags(error).includes('too_many_write_operations')) return { retry: true };
  return { retry: false };
}

export function isExpiredToken(error: unknown): boolean {
  return isDropboxFailure(error) && error.status === 401 && errorTags(error)[0] === 'expired_access_token';
}

/** The final, person-facing error for a Dropbox failure that retries did not cure. */
export function toDmDropError(error: unknown, action: string): DmDropError {
  if (error instanceof DmDropError) return error;
  if (isNetworkError(error)) {
    return new DmDropError('NETWORK_ERROR', `Could not reach Dropbox to ${action}: check your connection and try again.`, {
      cause: error,
      retryable: true,
    });
  }
  if (!isDropboxFailure(error)) {
    return new DmDropError('PROVIDER_ERROR', `Dropbox failed to ${action}: ${(error as Error)?.message ?? error}.`, { cause: error });
  }
  const tags = errorTags(error);
  const body = error.error as { error?: string; error_description?: string } | string;
  if (error.status === 400 && typeof body === 'object' && body?.error === 'invalid_grant') {
    return new DmDropError('AUTH_REVOKED', 'Dropbox no longer accepts DM Drop’s access; reconnect with `dmdrop login dropbox`.', { cause: error });
  }
  if (error.status === 401) {
    if (tags[0] === 'missing_scope') {
      return new DmDropError('AUTH_FAILED', 'The Dropbox connection lacks a permission DM Drop needs; reconnect with `dmdrop login dropbox`.', { cause: error });
    }
    return new DmDropError('AUTH_REVOKED', 'Dropbox rejected DM Drop’s access; reconnect with `dmdrop login dropbox`.', { cause: error });
  }
  if (error.status === 429) return new DmDropError('RATE_LIMITED', `Dropbox is limiting requests; DM Drop could not ${action} in time. Try again in a minute.`, { cause: error, retryable: true });
  if (error.status >= 500) return new DmDropError('PROVIDER_ERROR', `Dropbox is having trouble (HTTP ${error.status}); DM Drop could not ${action}. Try again later.`, { cause: error, retryable: true });
  if (tags.includes('insufficient_space')) return new DmDropError('QUOTA_EXCEEDED', 'Your Dropbox is full; free some space or choose another provider.', { cause: error });
  const detail = tags.length ? tags.join('/') : typeof body === 'string' ? body.slice(0, 200) : `HTTP ${error.status}`;
  return new DmDropError('PROVIDER_ERROR', `Dropbox refused to ${action} (${detail}).`, { cause: error });
}
