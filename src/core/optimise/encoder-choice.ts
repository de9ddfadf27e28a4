// Which JPEG encoder and quality get a photo to a verified link soonest on this uplink: the one with
// the least CPU time + bytes ÷ uplink, among candidates that keep SSIM ≥ 0.97 on every benchmark
// photo. The figures are a calibration (bench/encoder-calibration.ts, docs/PERFORMANCE.md "slowLink").
import type { JpegEncoder } from './optimise-image';

export interface JpegCandidate {
  encoder: JpegEncoder;
  quality: number;
  /** CPU time of the encode alone, per output megapixel (decoding and resizing cost every candidate the same). */
  encodeMsPerMp: number;
  /** Bytes delivered per output megapixel, in KiB, on the benchmark's natural corpus. */
  kibPerMp: number;
  /** The least SSIM measured on both benchmark corpora (natural photos and the fine-texture worst case). */
  ssimMin: number;
}

/**
 * Measured 2026-12-01 on the benchmark's 2× AMD EPYC (loaded: figures ± 15 %), 2048×1536 output
 * (3.15 MP). Left out as dominated (more bytes and more CPU than a candidate here): mozjpeg q85
 * (≈ 74 KiB/MP at 57 ms/MP) and libjpeg-turbo with trellis quantisation (q80: 71 KiB/MP at 32 ms/MP).
 * Left out for SSIM: libjpeg-turbo q70 (0.969 on the worst case), mozjpeg q75 (0.968).
 */
export const JPEG_CANDIDATES: readonly JpegCandidate[] = [
  { encoder: 'libjpeg-turbo', quality: 80, encodeMsPerMp: 7, kibPerMp: 85, ssimMin: 0.978 },
  { encoder: 'libjpeg-turbo', quality: 75, encodeMsPerMp: 7, kibPerMp: 72.7, ssimMin: 0.9739 },
  { encoder: 'mozjpeg', quality: 80, encodeMsPerMp: 53, kibPerMp: 62.6, ssimMin: 0.972 },
];

export const SSIM_FLOOR = 0.97;

/** Expected milliseconds from pixels to bytes received: the encode, then the bytes on the uplink. */
export function expectedMs(candidate: Pick<JpegCandidate, 'encodeMsPerMp' | 'kibPerMp'>, uplinkKbps: number, megapixels: number): number {
  const kbits = (candidate.kibPerMp * megapixels * 1024 * 8) / 1000;
  return candidate.encodeMsPerMp * megapixels + (kbits / uplinkKbps) * 1000;
}

/** The fastest candidate for this uplink (kbit/s) and output size (megapixels). */
export function chooseJpegEncoding(uplinkKbps: number, megapixels: number, candidates: readonly JpegCandidate[] = JPEG_CANDIDATES): JpegCandidate {
  const eligible = candidates.filter((c) => c.ssimMin >= SSIM_FLOOR);
  if (eligible.length === 0) throw new Error('no JPEG candidate keeps the SSIM floor');
  return eligible.reduce((best, c) => (expectedMs(c, uplinkKbps, megapixels) < expectedMs(best, uplinkKbps, megapixels) ? c : best));
}

/** A photo's output size in megapixels once its long side is within maxEdge (never upscaled). */
export function outputMegapixels(width: number, height: number, maxEdge: number): number {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return (Math.round(width * scale) * Math.round(height * scale)) / 1e6;
}

/**
 * A lossless PNG's zlib level, by the same rule: every level is exact, so only the encode CPU and
 * the bytes differ. libvips writes PNG through zlib-ng, whose levels fall in three families: 1–3
 * (quick/fast), 4–6 (medium, which misses a screenshot's repeated rows) and 7–9 (slow, which finds
 * them: ≈ 3× fewer bytes on a phone UI); 8 and 9 only search longer for ≈ 10 % fewer bytes.
 */
export interface PngCandidate {
  compressionLevel: number;
  /** CPU of decoding and encoding, per megapixel (the decode is the same for every level). */
  encodeMsPerMp: number;
  /** Bytes per megapixel, in KiB, on the benchmark's phone screenshot (flat UI, text-like bars). */
  kibPerMp: number;
}

/**
 * Measured 2026-12-01 on the benchmark's 2× AMD EPYC (load average ≈ 4–6: ± 20 %) with
 * `npx tsx bench/profile-screenshot.ts --png`, 1170×2532 phone screenshot (2.96 MP), medians of 7:
 * level 4 ≈ 11–13 ms, 76 KiB; level 7 ≈ 28–33 ms, 31 KiB; level 9 ≈ 47–62 ms, 26 KiB. Left out:
 * 1–3 (more bytes than 4 for no less CPU), 5–6 (as 4), 8 (between 7 and 9), adaptive filtering
 * (libpng's per-row filter choice: ≈ 200 ms and more bytes than none here).
 */
export const PNG_CANDIDATES: readonly PngCandidate[] = [
  { compressionLevel: 4, encodeMsPerMp: 4, kibPerMp: 25.7 },
  { compressionLevel: 7, encodeMsPerMp: 10.5, kibPerMp: 10.3 },
  { compressionLevel: 9, encodeMsPerMp: 17.5, kibPerMp: 8.9 },
];

/**
 * Before any upload has measured the uplink: level 7, within a few ms of the best on this corpus
 * from 2 to 20 Mbit/s (level 4 wins only above ≈ 19 Mbit/s, level 9 below ≈ 2 Mbit/s).
 */
export const DEFAULT_PNG_LEVEL = 7;

/** The zlib level for a lossless PNG of this many megapixels on this uplink (kbit/s), if known. */
export function choosePngLevel(uplinkKbps: number | undefined, megapixels: number, candidates: readonly PngCandidate[] = PNG_CANDIDATES): number {
  if (uplinkKbps === undefined) return DEFAULT_PNG_LEVEL;
  const ms = (c: PngCandidate) => expectedMs(c, uplinkKbps, megapixels);
  return candidates.reduce((best, c) => (ms(c) < ms(best) ? c : best)).compressionLevel;
}

/**
 * Whether a PNG that needs no pixel change is better sent as its stripped original (the
 * "passthrough": no decode, no encode, ≈ 0 CPU, the original's bytes) than re-encoded at the best
 * level, by the same rule: CPU + bytes ÷ uplink. Unknown uplink: re-encode, as before any upload.
 * On the benchmark's 79 KB phone screenshot (2.96 MP) passthrough wins above ≈ 13 Mbit/s.
 */
export function choosePngPassthrough(uplinkKbps: number | undefined, megapixels: number, originalBytes: number, candidates: readonly PngCandidate[] = PNG_CANDIDATES): boolean {
  if (uplinkKbps === undefined) return false;
  const best = Math.min(...candidates.map((c) => expectedMs(c, uplinkKbps, megapixels)));
  const passthroughMs = ((originalBytes * 8) / 1000 / uplinkKbps) * 1000;
  return passthroughMs < best;
}
