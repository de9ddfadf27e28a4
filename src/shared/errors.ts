// Errors are values with a stable code (UPPER_SNAKE) and one sentence for a person. The CLI and
// the UI print the same sentence; a stack trace is never shown to a user.

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
  'PROVIDER_UNSUPPORTED',
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
  'CONFIG_INVALID',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Failures that say nothing about the photo or the account: the same request may work later. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set<ErrorCode>(['NETWORK_ERROR', 'RATE_LIMITED', 'PROVIDER_ERROR']);

/** Failures a resume retries: the transient ones, and those the user fixes (sign in, free space). */
export const RESUMABLE_CODES: ReadonlySet<string> = new Set<string>([...TRANSIENT_CODES, 'AUTH_EXPIRED', 'AUTH_REVOKED', 'NOT_CONNECTED', 'QUOTA_EXCEEDED']);

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class DmDropError extends Error {
  readonly code: ErrorCode;
  /** True when trying again later may succeed (network, rate limit, server trouble). */
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

export function isDmDropError(value: unknown): value is DmDropError {
  return value instanceof DmDropError;
}

/** Any thrown value as the one-sentence form a person sees; unknown faults become INTERNAL. */
export function toErrorInfo(value: unknown): ErrorInfo {
  if (value instanceof DmDropError) return value.toJSON();
  const detail = value instanceof Error ? value.message : String(value);
  return { code: 'INTERNAL', message: `Something went wrong inside DM Drop: ${detail}` };
}
