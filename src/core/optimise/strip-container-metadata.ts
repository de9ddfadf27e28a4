// Lossless metadata removal for files that are already small enough to send as they are: drop the
// JPEG segments (EXIF, XMP, IPTC, comments) that can carry private data, keeping pixels and the
// colour profile bit-for-bit; or every PNG chunk outside a short whitelist, keeping pixels bit-for-bit.
const JPEG_KEEP_APP = new Set([0xe0, 0xe2, 0xee]); // JFIF, ICC profile, Adobe colour transform

export function stripJpegMetadata(data: Buffer): Buffer | undefined {
  if (data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  const parts: Buffer[] = [data.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= data.length) {
    if (data[offset] !== 0xff) return undefined;
    const marker = data[offset + 1]!;
    if (marker === 0xda) {
      parts.push(data.subarray(offset)); // start of scan: the rest is image data
      return Buffer.concat(parts);
    }
    const length = data.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (end > data.length) return undefined;
    const isApp = marker >= 0xe1 && marker <= 0xef;
    const drop = marker === 0xfe || (isApp && !JPEG_KEEP_APP.has(marker));
    // APP2 can also hold FlashPix or MPF data; keep it only when it is an ICC profile.
    const app2NotIcc = marker === 0xe2 && data.toString('latin1', offset + 4, offset + 15) !== 'ICC_PROFILE';
    if (!drop && !app2NotIcc) parts.push(data.subarray(offset, end));
    offset = end;
  }
  return undefined;
}

/**
 * The PNG chunks a stripped original keeps: a whitelist, so a chunk type this code has never heard
 * of (and any private or future metadata chunk) is dropped by construction. What is kept is the image
 * itself (IHDR, PLTE, tRNS, IDAT, IEND) and the three small colour chunks that carry no personal data
 * (gAMA, cHRM, sRGB). Dropped among others: iCCP (a profile can name its maker or machine; only
 * sRGB ones are ever dropped, which changes nothing on screen), eXIf, tEXt, zTXt, iTXt (XMP), tIME, pHYs.
 */
export const PNG_KEEP: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND', 'gAMA', 'cHRM', 'sRGB']);

/** PNG chunks that hold metadata a person would call theirs (text, XMP, EXIF, a timestamp). */
export const PNG_METADATA_CHUNKS: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
}

/** The chunks of a well-formed PNG, in order, up to and including IEND; undefined if it is not one. */
export function pngChunks(data: Buffer): PngChunk[] | undefined {
  if (data.length < 8 || data.readUInt32BE(0) !== 0x89504e47 || data.readUInt32BE(4) !== 0x0d0a1a0a) return undefined;
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset + 12 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > data.length) return undefined;
    chunks.push({ type, start: offset, end });
    offset = end;
    if (type === 'IEND') return chunks[0]?.type === 'IHDR' ? chunks : undefined;
  }
  return undefined;
}

/**
 * The original PNG's bytes with every chunk outside PNG_KEEP removed; the kept chunks are copied as
 * they are, CRCs included, so the pixels are the original's exactly. Undefined when the file cannot
 * be sent that way: not a well-formed PNG, more than 8 bits per channel (sent as 8-bit sRGB like
 * every other output), or animated (an acTL chunk: APNG frames live in chunks that are not kept).
 */
export function stripPngMetadata(data: Buffer): Buffer | undefined {
  const chunks = pngChunks(data);
  if (!chunks) return undefined;
  const ihdr = chunks[0]!;
  if (ihdr.end - ihdr.start !== 12 + 13) return undefined;
  const bitDepth = data[ihdr.start + 8 + 8]!;
  if (bitDepth > 8) return undefined;
  if (chunks.some((c) => c.type === 'acTL')) return undefined;
  return Buffer.concat([data.subarray(0, 8), ...chunks.filter((c) => PNG_KEEP.has(c.type)).map((c) => data.subarray(c.start, c.end))]);
}
