// `--expires 30s|10m|24h|7d|<ISO date>`: when a link must stop opening.
import { DmDropError } from '../../shared/errors';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseExpiry(text: string, now: number): Date {
  const relative = /^(\d+)\s*([smhd])$/i.exec(text.trim());
  const at = relative ? now + Number(relative[1]) * UNITS[relative[2]!.toLowerCase()]! : Date.parse(text);
  if (!Number.isFinite(at)) {
    throw new DmDropError('USAGE', `"${text}" is not an expiry: use 30s, 10m, 24h, 7d or a date such as 2026-12-31T18:00:00Z.`);
  }
  if (at <= now) throw new DmDropError('USAGE', `The expiry "${text}" is not in the future.`);
  return new Date(at);
}
