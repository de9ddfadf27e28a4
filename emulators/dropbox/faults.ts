// Fault injection: scripted faults for precise tests, and a seeded random mix for soak runs
// (`npm run emulator -- --faults 0.3 --seed 7`).
export const FAULT_KINDS = [
  '429-json',
  '429-text',
  '409-too-many-writes',
  '500',
  '503',
  'drop-before-response',
  'drop-mid-body',
  'expired-token',
  'lost-response',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  route?: string | RegExp;
  kind: FaultKind;
  times?: number;
  retryAfter?: number;
}

const RANDOM_MIX: FaultKind[] = ['429-json', '429-text', '500', '503', 'drop-before-response', 'drop-mid-body', 'expired-token'];

/** mulberry32: tiny, seeded, good enough to make fault runs reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private rules: (FaultRule & { left: number })[] = [];
  private randomMode?: { rate: number; next: () => number };
  readonly injected: { route: string; kind: FaultKind }[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  random(options: { rate: number; seed: number }): void {
    this.randomMode = { rate: options.rate, next: seeded(options.seed) };
  }

  clear(): void {
    this.rules = [];
    this.randomMode = undefined;
  }

  /** The fault to apply to this API call, if any (consumes one use of a scripted rule). */
  take(route: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => r.left > 0 && (r.route === undefined || (typeof r.route === 'string' ? r.route === route : r.route.test(route))),
    );
    if (rule) {
      rule.left--;
      this.injected.push({ route, kind: rule.kind });
      return rule;
    }
    if (this.randomMode && this.randomMode.next() < this.randomMode.rate) {
      const kind = RANDOM_MIX[Math.floor(this.randomMode.next() * RANDOM_MIX.length)]!;
      this.injected.push({ route, kind });
      return { kind, retryAfter: 1 };
    }
    return undefined;
  }
}
