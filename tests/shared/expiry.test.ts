// Expiry: one table of units behind the window's choices, the CLI's --expires and its help.
import { describe, expect, it } from 'vitest';
import { EXPIRY_CHOICES, EXPIRY_EXAMPLES, expiryLabel, parseExpiry } from '../../src/shared/expiry';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('--expires', () => {
  it('reads 30s, 10m, 24h, 7d and ISO dates', () => {
    expect(parseExpiry('30s', NOW).getTime()).toBe(NOW + 30_000);
    expect(parseExpiry('10m', NOW).getTime()).toBe(NOW + 600_000);
    expect(parseExpiry('24h', NOW).getTime()).toBe(NOW + 86_400_000);
    expect(parseExpiry('7d', NOW).getTime()).toBe(NOW + 7 * 86_400_000);
    expect(parseExpiry('2026-12-31T18:00:00Z', NOW).toISOString()).toBe('2026-12-31T18:00:00.000Z');
  });

  it('refuses nonsense and the past with a sentence', () => {
    expect(() => parseExpiry('soon', NOW)).toThrow('"soon" is not an expiry: use 30s, 10m, 24h, 7d or a date such as 2026-12-31T18:00:00Z.');
    expect(() => parseExpiry('2020-01-01', NOW)).toThrow(/not in the future/);
    expect(() => parseExpiry('0s', NOW)).toThrow(/not in the future/);
  });
});

describe('the window’s expiry choices', () => {
  it('are lengths the same parser reads, named in words', () => {
    expect(EXPIRY_CHOICES.map((c) => parseExpiry(c, NOW).getTime() - NOW)).toEqual([3_600_000, 86_400_000, 7 * 86_400_000]);
    expect(EXPIRY_CHOICES.map(expiryLabel)).toEqual(['1 hour', '24 hours', '7 days']);
  });

  it('and the CLI names one example per unit', () => {
    expect(EXPIRY_EXAMPLES).toEqual(['30s', '10m', '24h', '7d']);
  });
});
