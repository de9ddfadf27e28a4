// Retrying provider calls: honour a server's Retry-After, back off exponentially with full jitter
// otherwise, and give up after a bounded number of attempts with the last error.
import type { Clock } from '../ports/clock';

export type RetryDecision = { retry: false } | { retry: true; afterMs?: number };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface RetryContext {
  clock: Clock;
  random?: () => number;
  signal?: AbortSignal;
  policy?: Partial<RetryPolicy>;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  context: RetryContext,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...context.policy };
  const random = context.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || attempt >= policy.maxAttempts || context.signal?.aborted) throw error;
      const delayMs = Math.min(policy.maxDelayMs, decision.afterMs ?? backoffDelay(attempt, policy, random));
      context.onRetry?.({ attempt, delayMs, error });
      await context.clock.sleep(delayMs, context.signal);
    }
  }
}

/** A refresh that keeps being answered with "expired" is not a clock problem: stop after a few. */
const MAX_REFRESHES_PER_CALL = 3;

export interface TokenRefresh {
  /** The call failed because its access token is no longer accepted (not because the grant is gone). */
  isExpired(error: unknown): boolean;
  /** Drops the access token, so the next attempt refreshes it first. */
  forget(): void;
  /** What the call fails with if the token keeps expiring. */
  expiredError(cause: unknown): Error;
}

/**
 * `withRetry`, plus: an access token that dies early (revoked, clock skew) is refreshed and the call
 * tried again, a few times at most per call (a flaky network can expire it more than once).
 */
export function withRetryAndRefresh<T>(operation: (attempt: number) => Promise<T>, classify: (error: unknown) => RetryDecision, refresh: TokenRefresh, context: RetryContext): Promise<T> {
  let refreshes = 0;
  return withRetry(
    async (attempt) => {
      try {
        return await operation(attempt);
      } catch (error) {
        if (!refresh.isExpired(error) || refreshes >= MAX_REFRESHES_PER_CALL) throw error;
        refreshes++;
        refresh.forget();
        throw refresh.expiredError(error);
      }
    },
    classify,
    context,
  );
}
