// The real format of a file, from its first bytes: extensions lie (a ".jpg" that is a PNG, a
// ".jpg" that is a text file), magic numbers do not.
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heic' | 'tiff' | 'bmp' | 'svg' | 'ico' | 'psd';

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

export function sniffFormat(head: Buffer): ImageFormat | undefined {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string) => head.toString('latin1', offset, offset + text.length) === text;
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (ascii(0, 'BM') && head.length > 14) return 'bmp';
  if (at(0, 0x00, 0x00, 0x01, 0x00)) return 'ico';
  if (ascii(0, '8BPS')) return 'psd';
  if (ascii(4, 'ftyp')) {
    // ISO base media: the major brand and the compatible brands say AVIF or HEIC.
    const boxSize = Math.min(head.readUInt32BE(0), head.length);
    const brands: string[] = [head.toString('latin1', 8, 12)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(head.toString('latin1', offset, offset + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'avif';
    if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heic';
    return undefined;
  }
  const text = head.toString('utf8', 0, Math.min(head.length, 1024)).replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return 'svg';
  return undefined;
}
