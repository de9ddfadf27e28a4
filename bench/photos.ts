// Photos for the benchmarks, generated the same way every run (seeded): camera-like photos and
// phone screenshots.
//
// A camera photo is a 12 MP JPEG at quality 92 with EXIF and GPS, like a phone's. Its content has
// the statistics of natural images: detail at every scale with amplitude falling as the scale
// shrinks (a 1/f^β spectrum, β = 0.5 here), over a colour gradient, plus a little sensor noise.
// The parameters are calibrated on the two sizes known from real phones: the original is ≈ 3 MB,
// and the same photo at 2048 px, JPEG quality 80, ≈ 300 KB. (The first version of this generator
// used blurred noise at one fine scale, which no camera produces; it is kept as `hardTexturePhoto`
// for the worst case.)
// A screenshot is a PNG of 1170×2532 (an iPhone's), flat UI colours and text-like bars; a feed
// screenshot is the same with a photo in the middle, as a screenshot of a post or a chat usually has.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** xorshift32: the same numbers every run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

/** A diagonal colour gradient, different for each photo (raw RGB). */
function gradient(width: number, height: number, i: number): Buffer {
  const hue = (i * 37) % 360;
  const from = hsl(hue, 0.6, 0.7);
  const to = hsl((hue + 120) % 360, 0.5, 0.25);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const k = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) pixels[k + c] = from[c]! + (to[c]! - from[c]!) * t;
    }
  }
  return pixels;
}

const EXIF = { IFD0: { Make: 'BenchCam', Model: 'B1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } };

/** A level of the pyramid enlarged to w×h, as bytes: 128 + value × gain. */
function enlarge(level: { data: Float32Array; w: number; h: number }, w: number, h: number, gain: number): Promise<Buffer> {
  const bytes = Buffer.from(level.data.map((v) => Math.max(0, Math.min(255, 128 + v * gain))));
  return sharp(bytes, { raw: { width: level.w, height: level.h, channels: 1 } }).resize(w, h, { kernel: 'cubic', fit: 'fill' }).raw().toBuffer();
}

export async function cameraPhoto(dir: string, i: number, width = 4032, height = 3024): Promise<string> {
  const next = random(1000 + i);
  // One octave per scale from 512 px down to 4 px, each a grid of random values: a pyramid, so
  // only the last enlargement is to the full size (stored as bytes around 128 between levels).
  const GAIN = 0.6;
  let level: { data: Float32Array; w: number; h: number } | undefined;
  for (let scale = 512; scale >= 4; scale /= 2) {
    const w = Math.ceil(width / scale) + 1;
    const h = Math.ceil(height / scale) + 1;
    const amplitude = 40 * Math.sqrt(scale / 512); // 1/f^0.5
    const data = Float32Array.from({ length: w * h }, () => amplitude * gaussian(next));
    if (level) {
      const up = await enlarge(level, w, h, GAIN);
      for (let k = 0; k < data.length; k++) data[k]! += (up[k]! - 128) / GAIN;
    }
    level = { data, w, h };
  }
  const detail = await enlarge(level!, width, height, GAIN);
  let peak = 1;
  for (let k = 0; k < detail.length; k += 97) peak = Math.max(peak, Math.abs(detail[k]! - 128));
  const noise = Float32Array.from({ length: 65536 }, () => 2 * gaussian(next)); // sensor noise, σ = 2
  const base = gradient(width, height, i);
  const pixels = new Uint8ClampedArray(width * height * 3); // clamps and rounds on write
  const norm = 160 / peak;
  let n = (next() * 65536) | 0;
  for (let k = 0, b = 0; k < detail.length; k++, b += 3) {
    const d = (detail[k]! - 128) * norm;
    n = (n * 1103515245 + 12345) & 0xffff;
    pixels[b] = base[b]! + d + noise[n]!;
    pixels[b + 1] = base[b + 1]! + d * 1.2 + noise[n ^ 0x5555]!;
    pixels[b + 2] = base[b + 2]! + d * 1.4 + noise[n ^ 0xaaaa]!;
  }
  const data = await sharp(pixels, { raw: { width, height, channels: 3 } }).withExif(EXIF).jpeg({ quality: 92 }).toBuffer();
  const path = join(dir, `IMG_${String(1000 + i)}.jpg`);
  await writeFile(path, data);
  return path;
}

/** The worst case: blurred noise at a single fine scale, hard for any encoder (bench `--hard`). */
export async function hardTexturePhoto(dir: string, i: number, width = 4032, height = 3024): Promise<string> {
  const texture = await sharp({ create: { width: width / 4, height: height / 4, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .blur(1.2)
    .resize(width, height, { kernel: 'cubic' })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const base = await sharp(gradient(width, height, i), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  const data = await sharp(base).composite([{ input: texture, blend: 'overlay' }]).withExif(EXIF).jpeg({ quality: 92 }).toBuffer();
  const path = join(dir, `IMG_H${String(1000 + i)}.jpg`);
  await writeFile(path, data);
  return path;
}

export async function screenshot(i: number): Promise<Buffer> {
  const rows = Array.from({ length: 40 }, (_, r) => `<rect x="48" y="${160 + r * 58}" width="${600 + ((r * 97 + i * 13) % 420)}" height="22" rx="6" fill="#${(r * 2654435761 + i).toString(16).slice(-6).padStart(6, '3')}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1170" height="2532"><rect width="100%" height="100%" fill="#f7f7f9"/><rect width="100%" height="120" fill="#fe2c55"/>${rows}<circle cx="585" cy="2400" r="60" fill="#222"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A phone screenshot of a feed: the flat UI of `screenshot` with a camera photo across its middle. */
export async function feedScreenshot(dir: string, i: number): Promise<Buffer> {
  const photo = await readFile(await cameraPhoto(dir, 500 + i, 1170, 1460));
  return sharp(await screenshot(i))
    .composite([{ input: await sharp(photo).toBuffer(), top: 300, left: 0 }])
    .png()
    .toBuffer();
}
