// Is each live link still open for a stranger? Providers can break a link DM Drop made (a file
// deleted in their web app, a ban), so live links are re-checked anonymously in the background:
// one at a time, each at most every `maxAgeMs`, no two checks closer than `spacingMs`, so the
// providers are never hammered. One wait on the Clock port for the next due check, never a
// polling loop: nothing is scheduled while no link is live, and the engine's events (a new link,
// a revoke) plan again. A check only looks: it never closes or revokes anything (a delivered link
// is closed only by the person or its expiry).
import type { Engine } from '../engine/engine';
import type { HistoryEntry } from '../queue/history';
import type { Clock } from '../ports/clock';

/** `unchecked` until a check has answered; `broken` when a stranger no longer gets the photo. */
export type LinkHealthState = 'unchecked' | 'live' | 'broken';

export interface LinkHealthRecord {
  health: LinkHealthState;
  checkedAt?: string;
}

export type LinkHealthEngine = Pick<Engine, 'history' | 'checkLink' | 'on'>;

export interface LinkHealthOptions {
  engine: LinkHealthEngine;
  clock: Clock;
  /** Each live link is checked again once its last check is this old (default: an hour). */
  maxAgeMs?: number;
  /** The least time between two background checks, and after the start (default: a minute). */
  spacingMs?: number;
  /** After each check that answered; `changed` when the link's health is not what it was. */
  onChecked?(id: string, record: LinkHealthRecord, changed: boolean): void;
  onError?(error: unknown): void;
}

export const HEALTH_MAX_AGE_MS = 3_600_000;
export const HEALTH_SPACING_MS = 60_000;

export class LinkHealth {
  private readonly records = new Map<string, LinkHealthRecord>();
  /** When each link was last asked about, answered or not (no answer waits its turn like the rest). */
  private readonly asked = new Map<string, number>();
  private lastCheck: number;
  private waiting?: AbortController;
  private checking = false;
  private closed = false;
  private readonly off: () => void;

  constructor(private readonly options: LinkHealthOptions) {
    // The first check waits one spacing: right after start the app has better things to do.
    this.lastCheck = options.clock.now();
    this.off = options.engine.on((event) => {
      if (event.type === 'outcome' || event.type === 'album') this.plan();
    });
    this.plan();
  }

  get(id: string): LinkHealthRecord | undefined {
    return this.records.get(id);
  }

  /** Checks one link now (the person asked); undefined when it is not live or no answer came. */
  async check(id: string): Promise<LinkHealthRecord | undefined> {
    const now = this.options.clock.now();
    this.asked.set(id, now);
    this.lastCheck = now;
    const result = await this.options.engine.checkLink(id);
    if (!result) return undefined; // not live, or no answer (offline?): that says nothing about the link
    const record: LinkHealthRecord = { health: result, checkedAt: new Date(this.options.clock.now()).toISOString() };
    const changed = this.records.get(id)?.health !== result;
    this.records.set(id, record);
    this.options.onChecked?.(id, record, changed);
    return record;
  }

  close(): void {
    this.closed = true;
    this.off();
    this.waiting?.abort();
    this.waiting = undefined;
  }

  /** The live link asked about longest ago (never asked first), and when it is due. */
  private next(): { id: string; at: number } | undefined {
    const maxAge = this.options.maxAgeMs ?? HEALTH_MAX_AGE_MS;
    let next: { id: string; at: number } | undefined;
    for (const entry of this.options.engine.history().filter(isLive)) {
      const at = (this.asked.get(entry.id) ?? -Infinity) + maxAge;
      if (!next || at < next.at) next = { id: entry.id, at };
    }
    return next;
  }

  /** One wait for the next due check; called again after each check and on the engine's events. */
  private plan(): void {
    if (this.closed || this.checking) return;
    this.waiting?.abort();
    this.waiting = undefined;
    const next = this.next();
    if (!next) return; // nothing live: a new link's event plans again
    const { clock } = this.options;
    const at = Math.max(next.at, this.lastCheck + (this.options.spacingMs ?? HEALTH_SPACING_MS));
    const waiting = new AbortController();
    this.waiting = waiting;
    clock.sleep(Math.max(0, at - clock.now()), waiting.signal).then(
      () => {
        if (this.waiting === waiting) void this.checkDue();
      },
      () => undefined, // re-planned or closed
    );
  }

  private async checkDue(): Promise<void> {
    this.waiting = undefined;
    const due = this.next();
    if (due && due.at <= this.options.clock.now()) {
      this.checking = true;
      try {
        await this.check(due.id);
      } catch (error) {
        this.options.onError?.(error);
      } finally {
        this.checking = false;
      }
    }
    this.plan();
  }
}

const isLive = (entry: HistoryEntry) => entry.status === 'live';

/** How `dmdrop history --check` says a live link is: `failing` when the check got no answer. */
export interface LinkCheckReport {
  health: 'ok' | 'failing' | 'closed';
  message: string;
}

const REPORTS: Record<'live' | 'broken' | 'none', LinkCheckReport> = {
  live: { health: 'ok', message: 'A stranger gets the photo through this link.' },
  broken: { health: 'closed', message: 'A stranger no longer gets the photo: it was closed or removed outside DM Drop (DM Drop did not close it). Share the photo again for a new link.' },
  none: { health: 'failing', message: 'The check got no answer (offline, or the provider is having trouble), which says nothing about the link. Try again later.' },
};

/** Checks every live link now, one after the other, as a stranger; closes nothing. */
export async function checkLiveLinks(engine: Pick<Engine, 'history' | 'checkLink'>): Promise<Map<string, LinkCheckReport>> {
  const reports = new Map<string, LinkCheckReport>();
  for (const entry of engine.history().filter(isLive)) {
    const result = await engine.checkLink(entry.id).catch(() => undefined);
    reports.set(entry.id, REPORTS[result ?? 'none']);
  }
  return reports;
}
