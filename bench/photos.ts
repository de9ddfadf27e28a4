// Photos for the benchmarks, generated so every run is the same: camera-like photos (12 MP JPEG at
// quality 92, smooth gradients with fine texture and EXIF, like a phone's) and phone screenshots
// (PNG, 1170×2532, flat UI colours and text-like detail).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export async function cameraPhoto(dir: string, i: number, width = 4032, height = 3024): Promise<string> {
  const path = join(dir, `IMG_${String(1000 + i)}.jpg`);
  // Texture: noise softened to the scale of foliage/skin detail, over a per-photo colour gradient.
  const texture = await sharp({ create: { width: width / 4, height: height / 4, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .blur(1.2)
    .resize(width, height, { kernel: 'cubic' })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const hue = (i * 37) % 360;
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},50%,25%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  const data = await sharp(gradient)
    .composite([{ input: texture, blend: 'overlay' }])
    .withExif({ IFD0: { Make: 'BenchCam', Model: 'B1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } })
    .jpeg({ quality: 92 })
    .toBuffer();
  await writeFile(path, data);
  return path;
}

export async function screenshot(i: number): Promise<Buffer> {
  const rows = Array.from({ length: 40 }, (_, r) => `<rect x="48" y="${160 + r * 58}" width="${600 + ((r * 97 + i * 13) % 420)}" height="22" rx="6" fill="#${(r * 2654435761 + i).toString(16).slice(-6).padStart(6, '3')}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1170" height="2532"><rect width="100%" height="100%" fill="#f7f7f9"/><rect width="100%" height="120" fill="#fe2c55"/>${rows}<circle cx="585" cy="2400" r="60" fill="#222"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
