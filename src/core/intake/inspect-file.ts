// Intake: read one file the user gave us, once, read-only, and decide whether it is an image we
// can work with. Every refusal has its own code and a sentence naming the file and what to do.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { DmDropError } from '../../shared/errors';
import { readHeicHeader } from './heic';
import { sniffFormat, type ImageFormat } from './sniff-format';
import '../optimise/sharp-setup';

export type { ImageFormat };

export interface IntakeLimits {
  /** Decompression-bomb guard: refuse images with more pixels than this, before decoding. */
  maxPixels: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: IntakeLimits = { maxPixels: 100_000_000, maxBytes: 200 * 1024 * 1024 };

export interface InspectedImage {
  path: string;
  bytes: Buffer;
  sha256: string;
  format: ImageFormat;
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  animated: boolean;
  pages: number;
  hasAlpha: boolean;
  limits: IntakeLimits;
}

const SHARP_FORMATS = new Set<ImageFormat>(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);

/** Test seam: runs between opening the file and reading it (the instant a file can vanish or shrink). */
export interface IntakeHooks {
  afterOpen?: () => Promise<void>;
}

export async function inspectFile(path: string, limits: Partial<IntakeLimits> = {}, hooks: IntakeHooks = {}): Promise<InspectedImage> {
  const limit = { ...DEFAULT_LIMITS, ...limits };
  const name = basename(path);
  const bytes = await readOnce(path, name, limit.maxBytes, hooks);
  const format = sniffFormat(bytes.subarray(0, 4096));
  if (!format) throw new DmDropError('NOT_AN_IMAGE', `${name} is not an image DM Drop recognises; share a photo or screenshot (JPEG, PNG, HEIC, WebP, AVIF, GIF).`);
  if (format === 'svg') {
    throw new DmDropError('SVG_REFUSED', `${name} is an SVG drawing, which can hide scripts and references to other files; export it as PNG or JPEG and share that.`);
  }
  if (format !== 'heic' && !SHARP_FORMATS.has(format)) {
    throw new DmDropError('UNSUPPORTED_FORMAT', `${name} is a ${format.toUpperCase()} file, which phones cannot show; save it as JPEG or PNG first.`);
  }

  const header = format === 'heic' ? await heicHeader(bytes, name) : await sharpHeader(bytes, name);
  if (header.width * header.height > limit.maxPixels) {
    const mp = Math.round((header.width * header.height) / 1e6);
    throw new DmDropError('IMAGE_TOO_LARGE', `${name} claims ${header.width}×${header.height} pixels (${mp} MP), over the ${Math.round(limit.maxPixels / 1e6)} MP limit; it was not opened.`);
  }
  return {
    path,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format,
    ...header,
    limits: limit,
  };
}

async function readOnce(path: string, name: string, maxBytes: number, hooks: IntakeHooks): Promise<Buffer> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw fsError(error, name);
  }
  // Checked before opening: opening a FIFO would block until someone writes to it.
  if (info.isDirectory()) throw new DmDropError('IS_DIRECTORY', `${name} is a folder; drop the photos inside it instead.`);
  if (!info.isFile()) throw new DmDropError('NOT_A_REGULAR_FILE', `${name} is not a regular file (a pipe, socket or device), so DM Drop will not read it.`);
  if (info.size === 0) throw new DmDropError('FILE_EMPTY', `${name} is empty (0 bytes); it may still be downloading or saving.`);
  if (info.size > maxBytes) {
    throw new DmDropError('IMAGE_TOO_LARGE', `${name} is ${Math.round(info.size / 1e6)} MB, over the ${Math.round(maxBytes / 1e6)} MB limit.`);
  }
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fsError(error, name);
  }
  try {
    await hooks.afterOpen?.();
    // One open handle: a file deleted now still reads whole (POSIX keeps its bytes until closed);
    // one that shrinks or grows now is caught by the size check below.
    const bytes = await handle.readFile();
    if (bytes.length === 0) throw new DmDropError('FILE_EMPTY', `${name} is empty (0 bytes).`);
    if (bytes.length !== info.size) {
      throw new DmDropError('FILE_CHANGED', `${name} changed while it was being read; try again once it is saved.`);
    }
    return bytes;
  } catch (error) {
    throw error instanceof DmDropError ? error : fsError(error, name);
  } finally {
    await handle.close();
  }
}

function fsError(error: unknown, name: string): DmDropError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DmDropError('FILE_NOT_FOUND', `${name} does not exist (moved or deleted?).`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new DmDropError('FILE_UNREADABLE', `DM Drop is not allowed to read ${name}; check its permissions.`, { cause: error });
  if (code === 'EISDIR') return new DmDropError('IS_DIRECTORY', `${name} is a folder; drop the photos inside it instead.`, { cause: error });
  return new DmDropError('FILE_UNREADABLE', `${name} could not be read (${code ?? (error as Error).message}).`, { cause: error });
}

async function sharpHeader(bytes: Buffer, name: string) {
  let meta: Metadata;
  try {
    // Header only: metadata() does not decode pixels, so a bomb is measured, not inflated.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new DmDropError('IMAGE_CORRUPT', `${name} is damaged or incomplete and cannot be opened.`, { cause: error });
  }
  if (!meta.width || !meta.height) throw new DmDropError('IMAGE_CORRUPT', `${name} has no readable dimensions; it is damaged.`);
  const pages = meta.pages ?? 1;
  return {
    width: meta.width,
    height: meta.pageHeight && pages > 1 ? meta.pageHeight : meta.height,
    orientation: meta.orientation ?? 1,
    animated: pages > 1 && (meta.format === 'gif' || meta.format === 'webp'),
    pages,
    hasAlpha: meta.hasAlpha ?? false,
  };
}

async function heicHeader(bytes: Buffer, name: string) {
  try {
    const { width, height } = await readHeicHeader(bytes);
    // libheif applies the container's rotation (irot/imir) on decode: orientation is already upright.
    return { width, height, orientation: 1, animated: false, pages: 1, hasAlpha: false };
  } catch (error) {
    throw new DmDropError('IMAGE_CORRUPT', `${name} is a HEIC photo that cannot be decoded; it may be damaged.`, { cause: error });
  }
}
