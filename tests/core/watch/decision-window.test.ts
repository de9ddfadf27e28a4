// The window before an upload in which the user can still say no: a countdown, a question, a
// pause. The test holds the countdown's timer and fires it; nothing waits for time.
import { describe, expect, it } from 'vitest';
import { DecisionWindow, type DecisionWindowOptions } from '../../../src/core/watch/decision-window';

function windowWith(options: Omit<DecisionWindowOptions, 'schedule'>) {
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const window = new DecisionWindow({
    ...options,
    schedule: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  /** What each decision came to, once it has ('open' until then). */
  const decided = new Map<string, boolean | 'open'>();
  const open = (file: string, group = '/shots') => {
    decided.set(file, 'open');
    void window.decide(file, group).then((go) => decided.set(file, go));
  };
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  return { window, timers, decided, open, settled };
}

describe('decision window', () => {
  it('shares when the countdown ends, and not when cancelled inside it', async () => {
    const { window, timers, decided, open, settled } = windowWith({ cancelWindowMs: 5_000 });
    open('/shots/a.png');
    open('/shots/b.png');
    expect(timers.map((t) => t.ms)).toEqual([5_000, 5_000]);
    expect(window.isOpen('/shots/a.png')).toBe(true);
    expect(window.cancel('/shots/b.png')).toBe(true);
    expect(timers[1]!.cancelled).toBe(true);
    timers[0]!.fn();
    await settled();
    expect(Object.fromEntries(decided)).toEqual({ '/shots/a.png': true, '/shots/b.png': false });
    expect(window.isOpen('/shots/a.png')).toBe(false);
    expect(window.cancel('/shots/a.png')).toBe(false); // already decided
  });

  it('decides at once with no window', async () => {
    const { timers, decided, open, settled } = windowWith({ cancelWindowMs: 0 });
    open('/shots/a.png');
    await settled();
    expect(decided.get('/shots/a.png')).toBe(true);
    expect(timers).toHaveLength(0);
  });

  it('in ask mode waits for an answer, oldest question first, without a countdown', async () => {
    const { window, timers, decided, open, settled } = windowWith({ cancelWindowMs: 5_000, ask: true });
    open('/shots/a.png');
    open('/shots/b.png');
    open('/shots/c.png');
    expect(timers).toHaveLength(0);
    expect(window.answer(false)).toBe(true); // a, the oldest
    expect(window.answer(true, '/shots/c.png')).toBe(true);
    await settled();
    expect(Object.fromEntries(decided)).toEqual({ '/shots/a.png': false, '/shots/b.png': 'open', '/shots/c.png': true });
    expect(window.answer(true)).toBe(true);
    expect(window.answer(true)).toBe(false); // nothing left to answer
  });

  it('holds countdowns while paused, and gives held files their full window again on unpause', async () => {
    const { window, timers, decided, open, settled } = windowWith({ cancelWindowMs: 5_000 });
    open('/shots/a.png'); // counting down
    expect(window.pause()).toBe(true);
    expect(window.pause()).toBe(false); // already paused
    open('/shots/b.png'); // arrives during the pause: held, no timer
    expect(timers).toHaveLength(1);
    timers[0]!.fn(); // a's window ends during the pause: held too, not shared
    await settled();
    expect(Object.fromEntries(decided)).toEqual({ '/shots/a.png': 'open', '/shots/b.png': 'open' });
    expect(window.isPaused).toBe(true);

    expect(window.unpause()).toBe(true);
    expect(window.unpause()).toBe(false);
    expect(timers.slice(1).map((t) => t.ms)).toEqual([5_000, 5_000]); // nothing goes out the instant you unpause
    await settled();
    expect(decided.get('/shots/a.png')).toBe('open');
    for (const timer of timers.slice(1)) timer.fn();
    await settled();
    expect(Object.fromEntries(decided)).toEqual({ '/shots/a.png': true, '/shots/b.png': true });
  });

  it('cancels the files of one folder, or all of them, held ones included', async () => {
    const { window, timers, decided, open, settled } = windowWith({ cancelWindowMs: 5_000 });
    open('/shots/a.png', '/shots');
    open('/drop/b.png', '/drop');
    window.pause();
    open('/drop/c.png', '/drop');
    window.cancelGroup('/shots');
    await settled();
    expect(Object.fromEntries(decided)).toEqual({ '/shots/a.png': false, '/drop/b.png': 'open', '/drop/c.png': 'open' });
    expect(window.cancelAll()).toBe(2);
    await settled();
    expect([...decided.values()]).toEqual([false, false, false]);
    const armed = timers.length;
    window.unpause(); // the held file was cancelled: no countdown starts for it
    expect(timers).toHaveLength(armed);
  });
});
