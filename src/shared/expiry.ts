// When a link stops opening: a count and a unit ("30s", "10m", "24h", "7d") or a date. One table
// of units drives the window's choices and their words, `dmdrop share --expires` and its help,
// and the one parser both use.
import { DmDropError } from './errors';

const UNITS = {
  s: { ms: 1000, word: 'second', example: 30 },
  m: { ms: 60_000, word: 'minute', example: 10 },
  h: { ms: 3_600_000, word: 'hour', example: 24 },
  d: { ms: 86_400_000, word: 'day', example: 7 },
} as const;
type Unit = keyof typeof UNITS;

/** The lengths the window offers (the CLI takes any count of a unit, or a date). */
export const EXPIRY_CHOICES = ['1h', '24h', '7d'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** One length per unit, as the CLI's help and its refusal name them: 30s, 10m, 24h, 7d. */
export const EXPIRY_EXAMPLES = Object.entries(UNITS).map(([unit, { example }]) => `${example}${unit}`);

const DURATION = new RegExp(`^(\\d+)\\s*([${Object.keys(UNITS).join('')}])$`, 'i');

function duration(text: string): { count: number; unit: Unit } | undefined {
  const match = DURATION.exec(text.trim());
  return match ? { count: Number(match[1]), unit: match[2]!.toLowerCase() as Unit } : undefined;
}

/** "24h" → "24 hours": how the window names a choice. */
export function expiryLabel(choice: ExpiryChoice): string {
  const { count, unit } = duration(choice)!;
  return `${count} ${UNITS[unit].word}${count === 1 ? '' : 's'}`;
}

/** A length ("30s", "24h") counted from `now`, or a date; refused with a sentence unless in the future. */
export function parseExpiry(text: string, now: number): Date {
  const relative = duration(text);
  const at = relative ? now + relative.count * UNITS[relative.unit].ms : Date.parse(text);
  if (!Number.isFinite(at)) {
    throw new DmDropError('USAGE', `"${text}" is not an expiry: use ${EXPIRY_EXAMPLES.join(', ')} or a date such as 2026-12-31T18:00:00Z.`);
  }
  if (at <= now) throw new DmDropError('USAGE', `The expiry "${text}" is not in the future.`);
  return new Date(at);
}
