// The kill soak's plan of a round: everything about it follows from its seed (provider, kind, photos,
// chunking, the faulty emulator's seed, where the kill lands), so a failing round can be run again
// alone with KILL_SOAK_SEED=<seed>. Only the machine's speed is not in the seed: the kill instant is
// the seed's fraction of a duration measured on this machine (an unkilled calibration run of the
// same kind), and it is printed, so KILL_SOAK_KILL_AT_MS=<ms> replays the exact instant.
import { seededRandom } from '../../emulators/faults';

export type Provider = 'dropbox' | 'drive';
export type Kind = 'batch' | 'album' | 'faults' | 'watch';
export type PhotoKind = 'jpeg' | 'large-jpeg' | 'png' | 'rotated' | 'not-an-image';
/**
 * What the kill is timed from: `start`, the process's start (uniform over the whole run: on a busy
 * machine most such kills land while Node loads); `accepted`, the instant the first photos were
 * accepted (the journal's first write), so the kill lands in the working part of the run.
 */
export type KillFrom = 'start' | 'accepted';

export interface RoundPlan {
  seed: number;
  provider: Provider;
  kind: Kind;
  photos: PhotoKind[];
  /** Upload in small chunks (a Dropbox upload session, a Drive resumable upload). */
  chunked: boolean;
  killFrom: KillFrom;
  /**
   * Where in the stretch from `killFrom` to done the kill lands. From the start: [0, 1.05), a little
   * past 1 (some runs finish first). From acceptance: [0, 0.6), so that it lands before the run ends
   * even when this run is quicker than the one it was timed by.
   */
  killFraction: number;
  /** The seed of the faulty emulator (`--faults 0.3 --seed`) a `faults` round runs against, its own. */
  faultSeed?: number;
}

export const KINDS = ['batch', 'album', 'faults', 'watch'] as const;

/**
 * The plan of round `seed`. Provider alternates with the seed and kind changes every two seeds, so
 * any 6 consecutive seeds (the short form in `npm test`) hold at least one round per provider whose
 * kind is album or watch; those are always timed from acceptance, the others one time in four. So
 * the short form always kills each provider at least once after photos were accepted.
 */
export function planRound(seed: number): RoundPlan {
  const random = seededRandom(seed);
  const provider: Provider = seed % 2 === 0 ? 'dropbox' : 'drive';
  const kind = KINDS[Math.floor(seed / 2) % 4]!;
  const count = 2 + Math.floor(random() * 4);
  const kinds: PhotoKind[] = ['jpeg', 'jpeg', 'large-jpeg', 'png', 'rotated'];
  const photos = Array.from({ length: count }, () => kinds[Math.floor(random() * kinds.length)]!);
  if (kind === 'batch' && random() < 0.4) photos.splice(Math.floor(random() * photos.length), 0, 'not-an-image');
  const chunked = random() < 0.5;
  // Drawn in this order so the photos of a seed are the same as before kill fractions were anchored.
  const startFraction = random() * 1.05;
  const killFrom: KillFrom = kind === 'album' || kind === 'watch' || random() < 0.25 ? 'accepted' : 'start';
  const killFraction = killFrom === 'start' ? startFraction : random() * 0.6;
  const faultSeed = 1 + Math.floor(random() * 2 ** 31);
  return { seed, provider, kind, photos, chunked, killFrom, killFraction, ...(kind === 'faults' ? { faultSeed } : {}) };
}

/** How long a run of a kind took here, unkilled: until the first photos were accepted, and until it ended. */
export interface Timing {
  acceptedMs?: number;
  doneMs: number;
}

/** The milliseconds from the plan's anchor (`killFrom`) to the kill, given how long such a run takes. */
export function killDelayMs(plan: RoundPlan, timing: Timing): number {
  const stretch = plan.killFrom === 'accepted' ? timing.doneMs - (timing.acceptedMs ?? 0) : timing.doneMs;
  return Math.max(0, Math.round(plan.killFraction * stretch));
}

/** One line with everything that decided a round, for its log and its replay. */
export function describePlan(plan: RoundPlan): string {
  return [
    `seed=${plan.seed}`,
    `provider=${plan.provider}`,
    `kind=${plan.kind}`,
    ...(plan.faultSeed !== undefined ? [`faultSeed=${plan.faultSeed}`] : []),
    `chunked=${plan.chunked}`,
    `photos=${plan.photos.join(',')}`,
    `killFrom=${plan.killFrom}`,
    `killFraction=${plan.killFraction.toFixed(4)}`,
  ].join(' ');
}
