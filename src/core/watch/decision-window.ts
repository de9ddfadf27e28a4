// The window in which the user can still say no to a detected file, before anything is uploaded:
// a countdown (cancel inside it), a question (ask mode), and a pause that holds every countdown
// until it is lifted. It decides yes or no; what a yes does is the watcher's policy.
import type { Schedule } from '../engine/network-recovery';

/** A plain timer, not unref'd: a file counting down is work the process still has to do. */
const countdownTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export interface DecisionWindowOptions {
  /** How long a file can still be cancelled (0: at once, unless paused). */
  cancelWindowMs: number;
  /** Ask about each file instead of counting down: it waits for `answer`. */
  ask?: boolean;
  /** The countdown's timer; tests pass their own to fire it when they choose. */
  schedule?: Schedule;
}

interface Open {
  file: string;
  /** What the file belongs to (its watched folder), so a group can be cancelled at once. */
  group: string;
  cancelTimer?: () => void;
  decide: (go: boolean) => void;
}

export class DecisionWindow {
  private readonly open = new Map<string, Open>();
  /** Countdowns held by a pause (or that ended during one), in the order they came. */
  private readonly held: Open[] = [];
  private paused = false;

  constructor(private readonly options: DecisionWindowOptions) {}

  /**
   * Opens the window for a file: resolves true when the countdown ends (or the question is answered
   * yes), false when it is cancelled or answered no. The file is open (`isOpen`) before this returns.
   */
  decide(file: string, group: string): Promise<boolean> {
    return new Promise<boolean>((resolveDecision) => {
      const entry: Open = {
        file,
        group,
        decide: (go) => {
          entry.cancelTimer?.();
          this.open.delete(file);
          const index = this.held.indexOf(entry);
          if (index >= 0) this.held.splice(index, 1);
          resolveDecision(go);
        },
      };
      this.open.set(file, entry);
      if (!this.options.ask) this.countDown(entry);
    });
  }

  /** True while the file waits in its window (counting down, asked, or held). */
  isOpen(file: string): boolean {
    return this.open.has(file);
  }

  /** Says no for one file; false when it was not waiting. */
  cancel(file: string): boolean {
    const entry = this.open.get(file);
    entry?.decide(false);
    return Boolean(entry);
  }

  /** Says no for every file of a group (a folder no longer watched). */
  cancelGroup(group: string): void {
    for (const entry of [...this.open.values()]) if (entry.group === group) entry.decide(false);
  }

  /** Says no for every waiting file; how many there were. */
  cancelAll(): number {
    const all = [...this.open.values()];
    for (const entry of all) entry.decide(false);
    return all.length;
  }

  /** Answers the oldest question, or the one for `file`; false when there was none. */
  answer(go: boolean, file?: string): boolean {
    const entry = file ? this.open.get(file) : [...this.open.values()][0];
    entry?.decide(go);
    return Boolean(entry);
  }

  /** Holds every countdown; true if this changed anything. */
  pause(): boolean {
    if (this.paused) return false;
    this.paused = true;
    return true;
  }

  /** Lifts a pause; true if this changed anything. Held files get their full window again: nothing goes out the instant you unpause. */
  unpause(): boolean {
    if (!this.paused) return false;
    this.paused = false;
    for (const entry of this.held.splice(0)) this.countDown(entry);
    return true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private countDown(entry: Open) {
    if (this.paused) {
      this.held.push(entry);
      return;
    }
    const ms = this.options.cancelWindowMs;
    if (ms <= 0) return entry.decide(true);
    entry.cancelTimer = (this.options.schedule ?? countdownTimer)(() => {
      entry.cancelTimer = undefined;
      if (this.paused) this.held.push(entry);
      else entry.decide(true);
    }, ms);
  }
}
