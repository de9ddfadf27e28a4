// A kill-soak round is replayed from its seed alone: its plan (provider, kind, photos, chunking, the
// faulty emulator's seed, where the kill lands) must follow from the seed and nothing else, and the
// short form in `npm test` (6 consecutive seeds) must time a kill from acceptance on each provider.
import { describe, expect, it } from 'vitest';
import { KINDS, killDelayMs, planRound } from './kill-soak-plan';

describe('kill soak: the plan of a round', () => {
  it('is the same for the same seed, every time, whatever was planned before', () => {
    const seeds = [1, 8, 9, 740_928, 999_999];
    const first = seeds.map(planRound);
    // Other plans in between: no state is carried from one round to the next.
    for (let s = 100; s < 140; s++) planRound(s);
    expect(seeds.map(planRound)).toEqual(first);
    expect([...seeds].reverse().map(planRound)).toEqual([...first].reverse());
  });

  it('differs from seed to seed, and stays in its ranges', () => {
    const plans = Array.from({ length: 400 }, (_, i) => planRound(1000 + i));
    expect(new Set(plans.map((p) => JSON.stringify({ ...p, seed: 0 }))).size).toBe(plans.length);
    for (const p of plans) {
      expect(p.provider).toBe(p.seed % 2 === 0 ? 'dropbox' : 'drive');
      expect(p.kind).toBe(KINDS[Math.floor(p.seed / 2) % 4]);
      expect(p.photos.length).toBeGreaterThanOrEqual(2);
      expect(p.killFraction).toBeGreaterThanOrEqual(0);
      expect(p.killFraction).toBeLessThan(p.killFrom === 'start' ? 1.05 : 0.6);
      // A faulty round has a fault seed of its own; the others run on the clean emulator.
      if (p.kind === 'faults') expect(p.faultSeed).toBeGreaterThan(0);
      else expect(p.faultSeed).toBeUndefined();
    }
    const faultSeeds = plans.filter((p) => p.kind === 'faults').map((p) => p.faultSeed);
    expect(new Set(faultSeeds).size).toBe(faultSeeds.length);
    // Both anchors occur, for batches and fault rounds too.
    for (const kind of ['batch', 'faults'] as const) {
      const anchors = new Set(plans.filter((p) => p.kind === kind).map((p) => p.killFrom));
      expect([...anchors].sort()).toEqual(['accepted', 'start']);
    }
  });

  it('times a kill from acceptance on each provider in any 6 consecutive seeds (the short form)', () => {
    for (let base = 1; base < 3000; base++) {
      const plans = Array.from({ length: 6 }, (_, i) => planRound(base + i));
      for (const provider of ['dropbox', 'drive'] as const) {
        expect(plans.some((p) => p.provider === provider && p.killFrom === 'accepted'), `base ${base}, ${provider}`).toBe(true);
      }
    }
  });

  it('puts the kill at its fraction of the timed stretch: the whole run, or from acceptance to the end', () => {
    const fromStart = { ...planRound(8), killFrom: 'start' as const, killFraction: 0.5 };
    const fromAcceptance = { ...fromStart, killFrom: 'accepted' as const };
    expect(killDelayMs(fromStart, { acceptedMs: 600, doneMs: 1000 })).toBe(500);
    expect(killDelayMs(fromAcceptance, { acceptedMs: 600, doneMs: 1000 })).toBe(200);
    const plan = planRound(8);
    expect(killDelayMs(plan, { acceptedMs: 700, doneMs: 1500 })).toBe(killDelayMs(planRound(8), { acceptedMs: 700, doneMs: 1500 }));
    expect(killDelayMs(plan, { acceptedMs: 700, doneMs: 1500 })).toBeLessThan(1500);
  });
});
