// Errors are values with a stable code (UPPER_SNAKE) and one sentence for a person. The CLI and
// the UI print the same sentence; a stack trace is never shown to a user.
import { z } from 'zod';

export const ERROR_CODES = [
  // intake: what is wrong with the file the user gave us
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'IS_DIRECTORY',
  'NOT_A_REGULAR_FILE',
  'FILE_EMPTY',
  'NOT_AN_IMAGE',
  'UNSUPPORTED_FORMAT',
  'SVG_REFUSED',
  'IMAGE_CORRUPT',
  'IMAGE_TOO_LARGE',
  'FILE_CHANGED',
  // optimise
  'OPTIMISE_FAILED',
  // accounts and providers
  'NOT_CONNECTED',
  'AUTH_EXPIRED',
  'AUTH_REVOKED',
  'AUTH_FAILED',
  'OAUTH_PORT_BUSY',
  /** The CLI found no OS keychain and was not allowed to keep tokens in a file. */
  'KEYCHAIN_UNAVAILABLE',
  // the app key / OAuth client a person brought is not one the provider knows
  'OAUTH_CLIENT_INVALID',
  'PROVIDER_UNSUPPORTED',
  'PROVIDER_UNKNOWN',
  'RATE_LIMITED',
  'NETWORK_ERROR',
  'PROVIDER_ERROR',
  'QUOTA_EXCEEDED',
  'UPLOAD_FAILED',
  'SHARE_FAILED',
  'LINK_NOT_VERIFIED',
  /** A password was asked for and this provider or plan cannot set one: no open link instead. */
  'PASSWORD_LINKS_UNAVAILABLE',
  /** A resumed share of a password link: the password is never written to disk. */
  'PASSWORD_NOT_KEPT',
  'LINK_NOT_FOUND',
  'REVOKE_FAILED',
  // an organisation's sharing policy, not DM Drop, stops a link anyone can open
  'PUBLIC_LINKS_FORBIDDEN',
  'TEAM_ONLY_LINKS',
  'SHARED_DRIVE_FORBIDS_LINKS',
  // the data dir, the journal, the process
  'DATA_DIR_LOCKED',
  'JOURNAL_WRITE_FAILED',
  'DISK_FULL',
  'CANCELLED',
  'SUPERSEDED',
  'USAGE',
  // the window asked over IPC for something the contract does not allow, or was not our page
  'INVALID_REQUEST',
  'SENDER_REJECTED',
  'CONFIG_INVALID',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class DmDropError extends Error {
  readonly code: ErrorCode;
  /** The same call may be sent again at once (a 429, a 5xx, a link still propagating). What happens to a photo that failed is `retryKindOf(code)` (retry-kind.ts). */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DmDropError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value as the one-sentence form a person sees; unknown faults become INTERNAL. */
export function toErrorInfo(value: unknown): ErrorInfo {
  if (value instanceof DmDropError) return value.toJSON();
  const detail = value instanceof Error ? value.message : String(value);
  return { code: 'INTERNAL', message: `Something went wrong inside DM Drop: ${detail}` };
}

/**
 * ErrorInfo as data: stored in the journal, sent over IPC. A code this version does not know (a
 * journal written by a newer one) reads as INTERNAL, keeping its sentence.
 */
export const ErrorInfoSchema = z.object({ code: z.enum(ERROR_CODES).catch('INTERNAL'), message: z.string() }) satisfies z.ZodType<ErrorInfo>;
