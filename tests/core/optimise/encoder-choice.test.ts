// The encoder follows the uplink: CPU time + bytes ÷ uplink decides, and the SSIM floor is never traded.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PNG_LEVEL, JPEG_CANDIDATES, PNG_CANDIDATES, SSIM_FLOOR, chooseJpegEncoding, choosePngLevel, expectedMs, outputMegapixels, type JpegCandidate } from '../../../src/core/optimise/encoder-choice';

const fast: JpegCandidate = { encoder: 'libjpeg-turbo', quality: 80, encodeMsPerMp: 10, kibPerMp: 100, ssimMin: 0.98 };
const small: JpegCandidate = { encoder: 'mozjpeg', quality: 80, encodeMsPerMp: 60, kibPerMp: 70, ssimMin: 0.975 };

describe('JPEG encoder choice', () => {
  it('expects the encode plus the bytes on the uplink', () => {
    // 3 MP: 30 ms of encode, 300 KiB = 2457.6 kbit, at 4000 kbit/s 614.4 ms.
    expect(expectedMs(fast, 4000, 3)).toBeCloseTo(30 + 614.4, 6);
  });

  it('spends CPU on fewer bytes on a slow uplink, and not on a fast one', () => {
    const table = [fast, small];
    expect(chooseJpegEncoding(2000, 3, table)).toBe(small); // 30 + 1229 ms against 180 + 860 ms
    expect(chooseJpegEncoding(100_000, 3, table)).toBe(fast); // 30 + 25 ms against 180 + 17 ms
  });

  it('never picks a candidate under the SSIM floor, however fast', () => {
    const blurry: JpegCandidate = { encoder: 'libjpeg-turbo', quality: 40, encodeMsPerMp: 1, kibPerMp: 10, ssimMin: 0.95 };
    expect(chooseJpegEncoding(500, 3, [fast, blurry])).toBe(fast);
    expect(() => chooseJpegEncoding(500, 3, [blurry])).toThrow(/SSIM/);
  });

  it('keeps the shipped table above the floor, with today’s default in it', () => {
    for (const c of JPEG_CANDIDATES) expect(c.ssimMin).toBeGreaterThanOrEqual(SSIM_FLOOR);
    expect(JPEG_CANDIDATES).toContainEqual(expect.objectContaining({ encoder: 'libjpeg-turbo', quality: 80 }));
  });

  it('changes its choice as the uplink falls, and the slowest link gets the fewest bytes', () => {
    const chosen = [100_000, 20_000, 4000, 1000, 250].map((kbps) => chooseJpegEncoding(kbps, 3.15));
    expect(chosen[0]!.kibPerMp).toBeGreaterThanOrEqual(chosen.at(-1)!.kibPerMp);
    expect(chosen.at(-1)).toBe(JPEG_CANDIDATES.reduce((a, b) => (b.kibPerMp < a.kibPerMp ? b : a)));
  });

  it('sizes the output as the optimiser will: within the long edge, never upscaled', () => {
    expect(outputMegapixels(4032, 3024, 2048)).toBeCloseTo((2048 * 1536) / 1e6, 6);
    expect(outputMegapixels(800, 600, 2048)).toBeCloseTo(0.48, 6);
  });
});

describe('lossless PNG level choice', () => {
  it('compresses harder as the uplink falls, and not at all harder on a fast one', () => {
    // A 2.96 MP phone screenshot: at 100 Mbit/s the bytes cost little, at 1 Mbit/s every KiB counts.
    expect(choosePngLevel(100_000, 2.96)).toBe(4);
    expect(choosePngLevel(8000, 2.96)).toBe(7);
    expect(choosePngLevel(1000, 2.96)).toBe(9);
    const levels = [200_000, 50_000, 20_000, 8000, 2000, 500].map((kbps) => choosePngLevel(kbps, 2.96));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
  });

  it('uses level 7 before any upload has measured the uplink, one of the table', () => {
    expect(choosePngLevel(undefined, 2.96)).toBe(DEFAULT_PNG_LEVEL);
    expect(PNG_CANDIDATES.map((c) => c.compressionLevel)).toContain(DEFAULT_PNG_LEVEL);
  });
});
