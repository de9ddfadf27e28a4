// A clock that moves only when the test says so: sleeps wait until `advance` carries the time
// past their end (or their signal aborts them), so timers on the Clock port are tested without
// sleeping and without racing the real time.
import type { Clock } from '../../src/core/ports/clock';

export interface ManualClock extends Clock {
  /** Moves the time forward, waking every sleep that ends by then, in order, each after the work it started has settled. */
  advance(ms: number): Promise<void>;
  /** The sleeps waiting now: how long until each ends. */
  pending(): number[];
}

export function manualClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): ManualClock {
  let now = start;
  const sleepers: { until: number; wake: () => void }[] = [];
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { until: now + Math.max(0, ms), wake: resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(signal.reason);
        }, { once: true });
      }),
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        const next = sleepers.filter((s) => s.until <= end).sort((a, b) => a.until - b.until)[0];
        if (!next) break;
        sleepers.splice(sleepers.indexOf(next), 1);
        now = next.until;
        next.wake();
        await settle();
      }
      now = end;
    },
    pending: () => sleepers.map((s) => s.until - now),
  };
}
