// Lossless metadata removal for files that are already small enough to send as they are: drop the
// JPEG segments (EXIF, XMP, IPTC, comments) or PNG chunks (text, EXIF, time) that can carry private
// data, keeping pixels and the colour profile bit-for-bit.
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

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

export function stripPngMetadata(data: Buffer): Buffer | undefined {
  if (data.readUInt32BE(0) !== 0x89504e47) return undefined;
  const parts: Buffer[] = [data.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > data.length) return undefined;
    if (!PNG_DROP.has(type)) parts.push(data.subarray(offset, end));
    offset = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return undefined;
}
