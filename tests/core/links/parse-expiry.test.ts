import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../../../src/core/links/parse-expiry';

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
    expect(() => parseExpiry('soon', NOW)).toThrow(/not an expiry/);
    expect(() => parseExpiry('2020-01-01', NOW)).toThrow(/not in the future/);
    expect(() => parseExpiry('0s', NOW)).toThrow(/not in the future/);
  });
});
