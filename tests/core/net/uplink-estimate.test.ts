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
});
