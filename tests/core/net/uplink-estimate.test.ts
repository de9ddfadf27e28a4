// The uplink estimate from uploads already made, on a hand-moved clock: bytes over the time the
// uplink was busy, with overlapping uploads sharing it.
import { describe, expect, it } from 'vitest';
import { UplinkEstimate } from '../../../src/core/net/uplink-estimate';

function clocked() {
  let t = 0;
  const estimate = new UplinkEstimate({ now: () => t, alpha: 0.5, minBytes: 1000 });
  return { estimate, advance: (ms: number) => void (t += ms) };
}

describe('uplink estimate', () => {
  it('knows nothing before the first upload', () => {
    expect(clocked().estimate.kbps()).toBeUndefined();
  });

  it('is bytes × 8 ÷ milliseconds for one upload (kbit/s)', () => {
    const { estimate, advance } = clocked();
    const upload = estimate.start();
    advance(500);
    upload.done(250_000);
    expect(estimate.kbps()).toBe(4000);
  });

  it('counts overlapping uploads against their shared busy time, not each one’s duration', () => {
    const { estimate, advance } = clocked();
    const a = estimate.start();
    advance(100);
    const b = estimate.start();
    advance(100);
    a.done(100_000); // 100 kB in 200 ms of busy link
    expect(estimate.kbps()).toBe(4000);
    advance(100);
    b.done(50_000); // the next sample: 50 kB in the 100 ms since
    expect(estimate.kbps()).toBe(0.5 * 4000 + 0.5 * 4000);
  });

  it('leaves idle time between uploads out', () => {
    const { estimate, advance } = clocked();
    estimate.start().done(0);
    advance(10_000);
    const upload = estimate.start();
    advance(100);
    upload.done(1_250_000);
    expect(estimate.kbps()).toBe(100_000);
  });

  it('follows a changed link, smoothed', () => {
    const { estimate, advance } = clocked();
    for (const kbps of [4000, 100_000, 100_000]) {
      const upload = estimate.start();
      advance(80);
      upload.done((kbps * 80) / 8);
    }
    expect(estimate.kbps()).toBe(0.5 * 100_000 + 0.5 * (0.5 * 100_000 + 0.5 * 4000));
  });

  it('ignores failed uploads and ones too small to time', () => {
    const { estimate, advance } = clocked();
    const failed = estimate.start();
    advance(5000);
    failed.cancel();
    const tiny = estimate.start();
    advance(50);
    tiny.done(500); // under minBytes: kept for the next sample
    expect(estimate.kbps()).toBeUndefined();
    const next = estimate.start();
    advance(50);
    next.done(1000);
    expect(estimate.kbps()).toBe((1500 * 8) / 100);
  });

  describe('with the round trip known', () => {
    // A link of known speed and round trip: an upload takes one round trip plus its bytes on the wire.
    const RTT_MS = 80;
    const LINK_KBPS = 20_000;
    function overLink(estimate: UplinkEstimate, advance: (ms: number) => void, bytes: number) {
      const upload = estimate.start();
      advance(RTT_MS + (bytes * 8) / LINK_KBPS);
      upload.done(bytes);
    }
    function linked() {
      let t = 0;
      const estimate = new UplinkEstimate({ now: () => t });
      return { estimate, advance: (ms: number) => void (t += ms) };
    }
    const SIZES = [79_000, 2_300_000, 30_000, 400_000, 79_000];

    it('reads the link’s bandwidth within 10 % from uploads of different sizes', () => {
      const { estimate, advance } = linked();
      for (const bytes of SIZES) {
        estimate.noteRoundTrip(RTT_MS + 3); // a link request: a round trip and the server's answer
        overLink(estimate, advance, bytes);
      }
      expect(estimate.roundTripMs()).toBe(RTT_MS + 3);
      expect(Math.abs(estimate.kbps()! - LINK_KBPS) / LINK_KBPS).toBeLessThan(0.1);
    });

    it('reads far less without it (the round trip counted as wire)', () => {
      const { estimate, advance } = linked();
      for (const bytes of SIZES) overLink(estimate, advance, bytes);
      expect(estimate.kbps()!).toBeLessThan(LINK_KBPS * 0.6);
    });

    it('takes one round trip per stretch of busy link, not per overlapping upload', () => {
      let t = 0;
      const estimate = new UplinkEstimate({ now: () => t, minBytes: 150_000 }); // one sample of both
      const advance = (ms: number) => void (t += ms);
      estimate.noteRoundTrip(RTT_MS);
      // Two uploads at once share the link and wait for their answers together.
      const a = estimate.start();
      advance(5);
      const b = estimate.start();
      advance(RTT_MS + (200_000 * 8) / LINK_KBPS - 5); // b started within a's round trip
      a.done(100_000);
      b.done(100_000);
      expect(estimate.kbps()).toBeCloseTo(LINK_KBPS, 6);
    });

    it('never takes the wire time to zero or below when the round trip sample ran long', () => {
      const { estimate, advance } = linked();
      estimate.noteRoundTrip(1000); // a slow server answer, longer than the upload itself
      const upload = estimate.start();
      advance(100);
      upload.done(20_000);
      const kbps = estimate.kbps()!;
      expect(Number.isFinite(kbps)).toBe(true);
      expect(kbps).toBe((20_000 * 8) / (100 * 0.125));
    });

    it('keeps the smallest-upload rule: a tiny upload makes no sample', () => {
      const { estimate, advance } = linked();
      estimate.noteRoundTrip(RTT_MS);
      overLink(estimate, advance, 1000);
      expect(estimate.kbps()).toBeUndefined();
    });
  });
});
