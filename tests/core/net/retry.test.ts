import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry, withRetryAndRefresh } from '../../../src/core/net/retry';
import { instantClock } from '../../helpers/instant-clock';

describe('retry', () => {
  it('honours the delay the server asked for', async () => {
    const clock = instantClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw new Error('busy');
        return 'done';
      },
      () => ({ retry: true, afterMs: 2000 }),
      { clock },
    );
    expect(result).toBe('done');
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it('refreshes an access token that died early, then runs the call again, three times at most', async () => {
    const expired = new Error('401 expired');
    const refresh = (forgotten: string[]) => ({
      isExpired: (e: unknown) => e === expired,
      forget: () => void forgotten.push('token'),
      expiredError: (cause: unknown) => Object.assign(new Error('access expired'), { cause }),
    });
    const retryExpired = (e: unknown) => ({ retry: (e as Error).message === 'access expired' });

    const once: string[] = [];
    let calls = 0;
    const result = await withRetryAndRefresh(async () => (++calls === 1 ? Promise.reject(expired) : 'done'), retryExpired, refresh(once), { clock: instantClock() });
    expect([result, once.length]).toEqual(['done', 1]);

    const always: string[] = [];
    const failed = withRetryAndRefresh(() => Promise.reject(expired), retryExpired, refresh(always), { clock: instantClock(), policy: { maxAttempts: 10 } });
    await expect(failed).rejects.toBe(expired); // the fourth expiry is not refreshed again
    expect(always).toHaveLength(3);
  });

  it('backs off exponentially with jitter and a cap', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 4000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(500);
  });

  it('stops at once on an error that is not worth retrying', async () => {
    const clock = instantClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('bad request');
        },
        () => ({ retry: false }),
        { clock },
      ),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const clock = instantClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          throw new Error(`attempt ${++calls}`);
        },
        () => ({ retry: true }),
        { clock, policy: { maxAttempts: 4 }, random: () => 0.5 },
      ),
    ).rejects.toThrow('attempt 4');
    expect(clock.sleeps).toHaveLength(3);
  });
});
