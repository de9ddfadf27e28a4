// Drive's fault kinds: scripted rules for precise tests and a seeded random mix (mulberry32, as in
// emulators/faults.ts) for soak runs. How each kind looks on the wire lives in faultError / server.ts.
import { googleError, type DriveWireError } from './wire';
import { invalidCredentials } from './oauth';

export const FAULT_KINDS = [
  '403-user-rate-limit',
  '403-rate-limit',
  '429',
  '500',
  '503',
  'drop-before-response',
  'drop-mid-chunk',
  'auth-error',
  'lost-response',
] as const;
export type DriveFaultKind = (typeof FAULT_KINDS)[number];

export interface DriveFaultRule {
  route?: string | RegExp;
  kind: DriveFaultKind;
  times?: number;
}

// The random mix never loses data silently: lost-response and drop-mid-chunk stay scripted-only.
const RANDOM_MIX: DriveFaultKind[] = ['403-user-rate-limit', '403-rate-limit', '429', '500', '503', 'drop-before-response'];

/** Routes faults reach by default; oauth.* and public.* only when a rule names them. */
const FAULTABLE = /^(files|permissions|upload)\./;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class DriveFaults {
  private rules: (DriveFaultRule & { left: number })[] = [];
  private randomMode?: { rate: number; next: () => number };
  readonly injected: { route: string; kind: DriveFaultKind }[] = [];

  add(rule: DriveFaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  random(options: { rate: number; seed: number }): void {
    this.randomMode = { rate: options.rate, next: mulberry32(options.seed) };
  }

  clear(): void {
    this.rules = [];
    this.randomMode = undefined;
  }

  /** The fault for this call, if any (consumes one use of a scripted rule). */
  take(route: string, options: { allowed?: (kind: DriveFaultKind) => boolean } = {}): DriveFaultRule | undefined {
    const faultable = FAULTABLE.test(route);
    const allowed = options.allowed ?? (() => true);
    const named = (r: DriveFaultRule) => r.route !== undefined && (typeof r.route === 'string' ? r.route === route : r.route.test(route));
    const rule = this.rules.find((r) => r.left > 0 && allowed(r.kind) && (named(r) || (faultable && r.route === undefined)));
    if (rule) {
      rule.left--;
      this.injected.push({ route, kind: rule.kind });
      return rule;
    }
    if (faultable && this.randomMode && this.randomMode.next() < this.randomMode.rate) {
      const kind = RANDOM_MIX[Math.floor(this.randomMode.next() * RANDOM_MIX.length)]!;
      if (!allowed(kind)) return undefined;
      this.injected.push({ route, kind });
      return { kind };
    }
    return undefined;
  }
}

/** The error response a JSON-answering fault produces (undefined for socket-level kinds). */
export function faultError(kind: DriveFaultKind): DriveWireError | undefined {
  switch (kind) {
    case '403-user-rate-limit':
      return googleError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded', { domain: 'usageLimits' });
    case '403-rate-limit':
      return googleError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' });
    case '429':
      return googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits', status: 'RESOURCE_EXHAUSTED' });
    case '500':
      return googleError(500, 'backendError', 'Backend Error');
    case '503':
      return googleError(503, 'backendError', 'Service Unavailable', { status: 'UNAVAILABLE' });
    case 'auth-error':
      return invalidCredentials();
    default:
      return undefined;
  }
}
