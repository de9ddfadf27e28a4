// Fault injection shared by the emulators: scripted faults for precise tests, and a seeded random
// mix for soak runs (`npm run emulator -- --faults 0.3 --seed 7`). Each emulator names its kinds.
export interface FaultRule<K extends string> {
  route?: string | RegExp;
  kind: K;
  times?: number;
  retryAfter?: number;
}

/** mulberry32: tiny, seeded, good enough to make fault runs (and the kill soak's rounds) reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultSet<K extends string> {
  private rules: (FaultRule<K> & { left: number })[] = [];
  private randomMode?: { rate: number; next: () => number };
  readonly injected: { route: string; kind: K }[] = [];

  /** `randomMix`: the kinds a random run draws from (never ones that lose data silently). */
  constructor(private readonly randomMix: readonly K[]) {}

  add(rule: FaultRule<K>): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  random(options: { rate: number; seed: number }): void {
    this.randomMode = { rate: options.rate, next: seededRandom(options.seed) };
  }

  clear(): void {
    this.rules = [];
    this.randomMode = undefined;
  }

  /** The fault to apply to this call, if any (consumes one use of a scripted rule). */
  take(route: string, options: { randomAllowed?: boolean } = {}): FaultRule<K> | undefined {
    const rule = this.rules.find(
      (r) => r.left > 0 && (r.route === undefined || (typeof r.route === 'string' ? r.route === route : r.route.test(route))),
    );
    if (rule) {
      rule.left--;
      this.injected.push({ route, kind: rule.kind });
      return rule;
    }
    if (options.randomAllowed !== false && this.randomMode && this.randomMode.next() < this.randomMode.rate) {
      const kind = this.randomMix[Math.floor(this.randomMode.next() * this.randomMix.length)]!;
      this.injected.push({ route, kind });
      return { kind, retryAfter: 1 };
    }
    return undefined;
  }
}
