// A photo that failed because the provider could not be reached (no network, server errors or rate
// limits that outlasted the call's own retries) is tried again without the user: after a pause
// that grows while it keeps failing, or at once when the desktop says the machine woke up. Nothing
// is scheduled while nothing has failed, so an idle app never wakes up for this.
import { retryKindOf } from '../../shared/retry-kind';
import type { Engine } from './engine';
import type { ShareOutcome } from './engine-events';

/** 15 s, then longer, up to every 10 minutes while the provider stays unreachable. */
export const RECOVERY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/** Runs `fn` after `ms`; returns a cancel. Tests pass their own to fire it when they choose. */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** The real timer behind a Schedule: unref'd, so it never keeps a process (a CLI) alive. */
export const timerSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref?.(); // never what keeps a process alive
  return () => clearTimeout(timer);
};

export interface NetworkRecoveryOptions {
  delaysMs?: readonly number[];
  schedule?: Schedule;
  /** The outcomes of photos a retry shared. */
  onShared?: (outcomes: ShareOutcome[]) => void;
}

export class NetworkRecovery {
  private attempts = 0;
  private cancelTimer?: () => void;
  private retrying = false;
  private failedWhileRetrying = false;
  private nudgedWhileRetrying = false;
  private closed = false;
  private readonly off: () => void;

  constructor(
    private readonly engine: Engine,
    private readonly options: NetworkRecoveryOptions = {},
  ) {
    this.off = engine.on((event) => {
      if (event.type !== 'outcome' && event.type !== 'album') return;
      if (event.outcome.ok || retryKindOf(event.outcome.error.code) !== 'automatic') return;
      if (this.retrying) this.failedWhileRetrying = true;
      else this.schedule();
    });
  }

  /** True while a retry is scheduled. */
  get waiting(): boolean {
    return this.cancelTimer !== undefined;
  }

  /** The network may be back (the machine woke up): try now instead of at the scheduled time. */
  networkMayBeBack(): void {
    if (this.retrying) this.nudgedWhileRetrying = true; // try once more as soon as this one ends
    if (!this.cancelTimer) return;
    this.cancelTimer();
    this.cancelTimer = undefined;
    void this.retry();
  }

  close(): void {
    this.closed = true;
    this.off();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private schedule() {
    if (this.closed || this.cancelTimer || this.retrying) return;
    const delays = this.options.delaysMs ?? RECOVERY_DELAYS_MS;
    const ms = delays[Math.min(this.attempts, delays.length - 1)]!;
    this.cancelTimer = (this.options.schedule ?? timerSchedule)(() => {
      this.cancelTimer = undefined;
      void this.retry();
    }, ms);
  }

  private async retry() {
    if (this.closed) return;
    this.retrying = true;
    this.failedWhileRetrying = false;
    this.nudgedWhileRetrying = false;
    this.attempts++;
    let outcomes: ShareOutcome[] = [];
    try {
      outcomes = await this.engine.resume({ transientOnly: true });
    } catch {
      this.failedWhileRetrying = true; // the engine closing, the data dir gone: try again later
    } finally {
      this.retrying = false;
    }
    const shared = outcomes.filter((o) => o.ok);
    if (shared.length) this.options.onShared?.(shared);
    if (!this.failedWhileRetrying && !outcomes.some((o) => !o.ok && retryKindOf(o.error.code) === 'automatic')) this.attempts = 0;
    else if (this.nudgedWhileRetrying && !this.closed) void this.retry();
    else this.schedule();
  }
}
