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
export function expectedMs(candidate: JpegCandidate, uplinkKbps: number, megapixels: number): number {
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
