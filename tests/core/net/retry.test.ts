import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry } from '../../../src/core/net/retry';
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
