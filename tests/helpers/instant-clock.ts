// A clock whose sleeps return at once but are recorded, so tests can assert the delays the code
// asked for (Retry-After, backoff) without waiting for them.
import type { Clock } from '../../src/core/ports/clock';

export function instantClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
