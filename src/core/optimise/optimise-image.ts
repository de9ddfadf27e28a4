// The sharp pipeline: upright (EXIF orientation first), within the long edge (never upscaled),
// 8-bit sRGB, every piece of metadata removed, encoded in a format every phone browser shows, and
// never larger than the original when the original already fitted.
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { DmDropError } from '../../shared/errors';
import { decodeHeic } from '../intake/heic';
import type { InspectedImage } from '../intake/inspect-file';
import { DEFAULT_PNG_LEVEL } from './encoder-choice';
import { metadataReport, type RemovedMetadata } from './metadata-report';
import { PNG_METADATA_CHUNKS, pngChunks, stripJpegMetadata, stripPngMetadata } from './strip-container-metadata';
import './sharp-setup';

export type JpegEncoder = 'libjpeg-turbo' | 'mozjpeg';

export interface OptimiseOptions {
  /** The long side of a photo (never upscaled). */
  maxEdge: number;
  /** JPEG quality for photos: 80 keeps SSIM ≥ 0.97 on every benchmark corpus (docs/PERFORMANCE.md). */
  jpegQuality: number;
  /**
   * The encoder for photos: libjpeg-turbo is fast; mozjpeg (trellis quantisation) spends more CPU
   * for fewer bytes, which pays on a slow uplink (src/core/optimise/encoder-choice.ts chooses).
   */
  jpegEncoder: JpegEncoder;
  /**
   * The long side up to which a screenshot or other flat-colour image keeps its own resolution,
   * so small text stays sharp, as long as its lossless file stays small; otherwise `maxEdge`.
   * Never below `maxEdge`.
   */
  losslessMaxEdge: number;
  /**
   * zlib level of a lossless PNG (exact at every level): encoder-choice.ts picks it for the uplink,
   * as for JPEG; 7 finds a screenshot's repeated rows at about half the CPU of 9.
   */
  pngCompressionLevel: number;
  /**
   * Send a PNG that needs no pixel change (fits, upright, ≤ 8 bits per channel, sRGB, not animated,
   * small) as its original bytes minus every chunk outside a whitelist, without decoding or encoding
   * it: encoder-choice.ts (choosePngPassthrough) says when that is sooner than re-encoding.
   */
  pngPassthrough: boolean;
}

export const DEFAULT_OPTIMISE: OptimiseOptions = { maxEdge: 2048, jpegQuality: 80, jpegEncoder: 'libjpeg-turbo', losslessMaxEdge: 4096, pngCompressionLevel: DEFAULT_PNG_LEVEL, pngPassthrough: false };

export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'gif';

export interface OptimisedImage {
  data: Buffer;
  sha256: string;
  format: OutputFormat;
  ext: string;
  mime: string;
  width: number;
  height: number;
  bytesIn: number;
  bytesOut: number;
  removed: RemovedMetadata;
}

const TYPES: Record<OutputFormat, { ext: string; mime: string }> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  webp: { ext: 'webp', mime: 'image/webp' },
  gif: { ext: 'gif', mime: 'image/gif' },
};

interface Candidate {
  format: OutputFormat;
  data: Buffer;
  width: number;
  height: number;
}

export async function optimiseImage(image: InspectedImage, options: Partial<OptimiseOptions> = {}): Promise<OptimisedImage> {
  const opts = { ...DEFAULT_OPTIMISE, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const name = image.path.split(/[\\/]/).pop() ?? image.path;
  try {
    const { source, meta } = await openSource(image);
    const removed = metadataReport(meta);
    if (image.format === 'png') {
      // Text, XMP, EXIF and time chunks go whichever way the PNG is sent (sharp reports only some).
      const chunks = pngChunks(image.bytes) ?? [];
      if (chunks.some((c) => PNG_METADATA_CHUNKS.has(c.type))) removed.otherMetadata = true;
    }
    const passthrough = opts.pngPassthrough ? pngPassthrough(image, meta, opts) : undefined;
    let best: Candidate;
    if (passthrough) {
      best = passthrough;
    } else {
      const { candidates, maxEdge } = await encodeCandidates(image, source, opts);
      best = candidates.reduce((a, b) => (b.data.length < a.data.length ? b : a));
      const original = sendOriginalStripped(image, meta, maxEdge);
      if (original && original.data.length <= best.data.length) best = original;
    }
    return {
      data: best.data,
      sha256: createHash('sha256').update(best.data).digest('hex'),
      format: best.format,
      ...TYPES[best.format],
      width: best.width,
      height: best.height,
      bytesIn: image.bytes.length,
      bytesOut: best.data.length,
      removed,
    };
  } catch (error) {
    if (error instanceof DmDropError) throw error;
    const message = ((error as Error).message ?? '').split('\n')[0];
    // libvips keeps its error text in shared state: under concurrent work a truncated JPEG can fail
    // with "Unknown error" instead of "premature end of JPEG". So the cause is decided by decoding the
    // input again on its own, never by matching the message.
    if (!(await decodesFully(image))) {
      throw new DmDropError('IMAGE_CORRUPT', `${name} is damaged or incomplete (${message}); nothing was uploaded.`, { cause: error });
    }
    throw new DmDropError('OPTIMISE_FAILED', `${name} could not be optimised: ${message}.`, { cause: error });
  }
}

/** Whether every byte of the input decodes (to a thumbnail, so a huge image costs little memory). */
async function decodesFully(image: InspectedImage): Promise<boolean> {
  try {
    if (image.format === 'heic') await decodeHeic(image.bytes);
    else await sharp(image.bytes, { failOn: 'truncated', limitInputPixels: false, animated: image.animated }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

async function openSource(image: InspectedImage): Promise<{ source: () => Sharp; meta: Metadata }> {
  const limitInputPixels = image.limits.maxPixels;
  if (image.format === 'heic') {
    const decoded = await decodeHeic(image.bytes);
    const raw = { width: decoded.width, height: decoded.height, channels: 4 as const };
    // The HEIC container's EXIF is not carried over: raw pixels have no metadata at all.
    return { source: () => sharp(decoded.data, { raw, limitInputPixels }), meta: await sharp(image.bytes, { limitInputPixels: false }).metadata().catch(() => ({}) as Metadata) };
  }
  const input = { failOn: 'truncated' as const, limitInputPixels, animated: image.animated, sequentialRead: true };
  const meta = await sharp(image.bytes, { limitInputPixels: false }).metadata();
  return { source: () => sharp(image.bytes, input), meta };
}

async function encodeCandidates(image: InspectedImage, source: () => Sharp, opts: OptimiseOptions): Promise<{ candidates: Candidate[]; maxEdge: number }> {
  const prepared = (maxEdge: number) =>
    source()
      .rotate() // EXIF orientation first; a no-op for HEIC raw pixels
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
  const encode = async (format: OutputFormat, configure: (s: Sharp) => Sharp, maxEdge = opts.maxEdge): Promise<Candidate> => {
    const { data, info } = await configure(prepared(maxEdge)).toBuffer({ resolveWithObject: true });
    const height = info.pageHeight ?? info.height;
    return { format, data, width: info.width, height };
  };
  const at = (candidates: Candidate[], maxEdge = opts.maxEdge) => ({ candidates, maxEdge });

  if (image.animated) {
    return at(
      await Promise.all([
        encode('webp', (s) => s.webp({ quality: 80, effort: 4, loop: 0 })),
        encode('gif', (s) => s.gif({ effort: 7, loop: 0 })),
      ]),
    );
  }
  // Photos: libjpeg-turbo with optimised Huffman tables by default; mozjpeg when the uplink is slow
  // enough that its fewer bytes are worth its CPU (encoder-choice.ts, measured in docs/PERFORMANCE.md).
  const isPhotoSource = image.format === 'jpeg' || image.format === 'heic' || image.format === 'avif';
  const mozjpeg = opts.jpegEncoder === 'mozjpeg';
  if (isPhotoSource) return at([await encode('jpeg', (s) => s.flatten({ background: '#ffffff' }).jpeg({ quality: opts.jpegQuality, optimiseCoding: true, chromaSubsampling: '4:2:0', mozjpeg }))]);
  // Screenshots and graphics: lossless PNG first, which is fast (no quantisation) and exact.
  // A screenshot bigger than the photo size keeps its own resolution (up to losslessMaxEdge), so
  // small text is not resampled and stays sharp, when that lossless file is still small: flat
  // colours compress so well that it often is smaller than a resampled one (anti-aliasing adds colours).
  const highEdge = Math.max(opts.maxEdge, opts.losslessMaxEdge);
  const longEdge = Math.max(image.width, image.height);
  // A big lossless PNG means photographic content: JPEG, unless transparency needs a palette PNG.
  const lossyCandidate = async () =>
    !image.hasAlpha || (await fullyOpaque(source()))
      ? encode('jpeg', (s) => s.flatten({ background: '#ffffff' }).jpeg({ quality: 90, optimiseCoding: true }))
      : encode('png', (s) => s.png({ palette: true, quality: 95, effort: 7, compressionLevel: 9 }));
  let lossy: Candidate | undefined;
  // A source file already several times the budget is photographic content: no full-size attempt.
  if (longEdge > opts.maxEdge && image.bytes.length <= 4 * LOSSLESS_HIGH_RES_BUDGET) {
    const sharpText = await encode('png', (s) => s.png({ compressionLevel: opts.pngCompressionLevel }), highEdge);
    if (sharpText.data.length <= LOSSLESS_HIGH_RES_BUDGET) return at([sharpText], highEdge);
    // Its lossless PNG at the photo size would be about its pixel share of this one. When even that is
    // twice "small enough" and the lossy candidate is under half of it, the PNG cannot win: not made
    // (≈ 60 ms on a 3 MP screenshot of a feed).
    const expected = sharpText.data.length * (opts.maxEdge / longEdge) ** 2;
    if (expected > 2 * LOSSLESS_IS_SMALL_ENOUGH) {
      lossy = await lossyCandidate();
      if (lossy.data.length < expected / 2) return at([lossy]);
    }
  }
  const lossless = await encode('png', (s) => s.png({ compressionLevel: opts.pngCompressionLevel }));
  // Only when it is big (a screenshot of a photo or a video) is a lossy candidate worth its CPU.
  if (lossless.data.length <= LOSSLESS_IS_SMALL_ENOUGH) return at([lossless]);
  return at([lossless, lossy ?? (await lossyCandidate())]);
}

/**
 * Whether every pixel's alpha is full: the alpha channel alone, as 8 bits (a 16-bit image is scaled,
 * not clipped, by the sRGB conversion), decoded and compared with a run of 255s. sharp's stats()
 * answered the same but measured every channel: 177 ms against 21 ms on a 3 MP phone screenshot of
 * a feed, the path every photographic screenshot with an alpha channel takes.
 */
async function fullyOpaque(image: Sharp): Promise<boolean> {
  const alpha = await image.toColourspace('srgb').extractChannel('alpha').raw().toBuffer();
  return alpha.equals(Buffer.alloc(alpha.length, 255));
}

/**
 * A screenshot keeps its own resolution (up to losslessMaxEdge) while its lossless PNG is at most
 * this: 1 MiB is ≈ 0.4 s on a 20 Mbit/s uplink. A 2880×1800 desktop of text is ≈ 550 KB, a phone
 * screenshot tens of KB; a screenshot of a photo is several MB and goes the photo-sized way.
 */
const LOSSLESS_HIGH_RES_BUDGET = 1024 * 1024;

/**
 * Up to this size a lossless PNG is sent as is: 256 KB is ≈ 100 ms on a 20 Mbit/s uplink, less
 * than quantising a phone screenshot to a palette costs on a laptop core.
 */
const LOSSLESS_IS_SMALL_ENOUGH = 256 * 1024;

/**
 * A PNG sent as its stripped original, when the caller chose that and it needs no pixel change: it
 * is within the size a screenshot keeps (as encodeCandidates would keep it, at its own resolution)
 * and small enough to be sent losslessly at all.
 */
function pngPassthrough(image: InspectedImage, meta: Metadata, opts: OptimiseOptions): Candidate | undefined {
  if (image.format !== 'png' || image.bytes.length > LOSSLESS_IS_SMALL_ENOUGH) return undefined;
  const longEdge = Math.max(image.width, image.height);
  return sendOriginalStripped(image, meta, longEdge <= opts.maxEdge ? opts.maxEdge : Math.max(opts.maxEdge, opts.losslessMaxEdge));
}

/** The original bytes minus metadata, when they already fit and need no pixel change at all. */
function sendOriginalStripped(image: InspectedImage, meta: Metadata, maxEdge: number): Candidate | undefined {
  const fits = Math.max(image.width, image.height) <= maxEdge;
  const upright = (meta.orientation ?? 1) === 1;
  // An sRGB profile may be dropped (PNG's whitelist does): it changes nothing on screen; another may not.
  const plainSrgb = meta.space === 'srgb' && (meta.depth === 'uchar' || meta.depth === undefined) && (!meta.icc || namesSrgb(meta.icc));
  if (!fits || !upright || !plainSrgb || image.animated) return undefined;
  const data = image.format === 'jpeg' ? stripJpegMetadata(image.bytes) : image.format === 'png' ? stripPngMetadata(image.bytes) : undefined;
  if (!data) return undefined;
  return { format: image.format as OutputFormat, data, width: image.width, height: image.height };
}

/** Whether an ICC profile's description says sRGB: as text in a v2 profile, as UTF-16BE in a v4 one (libvips's own). */
function namesSrgb(icc: Buffer): boolean {
  return icc.includes('sRGB', 0, 'latin1') || icc.includes(Buffer.from('\0s\0R\0G\0B', 'latin1'));
}
