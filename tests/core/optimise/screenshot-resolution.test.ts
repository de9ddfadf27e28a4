// Screenshots keep their text sharp: a flat-colour image bigger than the photo size keeps its own
// resolution (up to 4096 px) while its lossless file stays small; camera photos keep 2048 px.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { inspectFile } from '../../../src/core/intake/inspect-file';
import { optimiseImage, type OptimiseOptions } from '../../../src/core/optimise/optimise-image';
import { cameraJpeg, screenshotPng, writeFixture } from '../../fixtures/images';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function optimise(name: string, data: Buffer, options: Partial<OptimiseOptions> = {}) {
  return optimiseImage(await inspectFile(await writeFixture(await tempDir(), name, data)), options);
}

describe('screenshot resolution', () => {
  it('keeps a 2880×1800 screenshot at its own size, every pixel exact', async () => {
    const shot = await screenshotPng(2880, 1800);
    const out = await optimise('desktop.png', shot);
    expect(out).toMatchObject({ format: 'png', width: 2880, height: 1800 });
    const [a, b] = await Promise.all([sharp(shot).raw().toBuffer(), sharp(out.data).raw().toBuffer()]);
    expect(b.equals(a)).toBe(true);
  });

  it('gives the same pixels at every zlib level it may choose, fewer bytes at the higher ones', async () => {
    const shot = await screenshotPng(1170, 2532);
    const original = await sharp(shot).raw().toBuffer();
    const sizes: number[] = [];
    for (const pngCompressionLevel of [4, 7, 9]) {
      const out = await optimise(`level-${pngCompressionLevel}.png`, shot, { pngCompressionLevel });
      expect(out).toMatchObject({ format: 'png', width: 1170, height: 2532 });
      expect((await sharp(out.data).raw().toBuffer()).equals(original)).toBe(true);
      sizes.push(out.bytesOut);
    }
    expect(sizes[2]).toBeLessThanOrEqual(sizes[1]!);
    expect(sizes[1]).toBeLessThan(sizes[0]!);
  });

  it('brings a screenshot larger than the cap down to 4096 px on its long side, still lossless', async () => {
    const out = await optimise('huge.png', await screenshotPng(5120, 2880));
    expect(out).toMatchObject({ format: 'png', width: 4096, height: 2304 });
  });

  it('gives a camera photo the photo size, 2048 px, whatever the screenshot cap', async () => {
    const out = await optimise('camera.jpg', await cameraJpeg({ width: 3000, height: 2000 }));
    expect(out).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
  });

  it('sends a screenshot whose lossless file would be big at the photo size instead', async () => {
    // Noise stands in for a photo or a video on screen: a lossless PNG of it is megabytes.
    const noisy = await sharp({ create: { width: 2880, height: 1800, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    const out = await optimise('video.png', noisy);
    expect(Math.max(out.width, out.height)).toBe(2048);
    expect(out.format).toBe('jpeg');
  });

  it('follows a lower cap, and never goes below the photo size', async () => {
    const shot = await screenshotPng(2880, 1800);
    expect(await optimise('a.png', shot, { losslessMaxEdge: 2560 })).toMatchObject({ width: 2560, height: 1600 });
    expect(await optimise('b.png', shot, { losslessMaxEdge: 1000 })).toMatchObject({ width: 2048, height: 1280 });
  });
});

describe('photo encoder', () => {
  it('sends fewer bytes with mozjpeg than with libjpeg-turbo at the same quality', async () => {
    const photo = await cameraJpeg({ width: 2400, height: 1600 });
    const turbo = await optimise('t.jpg', photo, { jpegEncoder: 'libjpeg-turbo', jpegQuality: 80 });
    const moz = await optimise('m.jpg', photo, { jpegEncoder: 'mozjpeg', jpegQuality: 80 });
    expect(moz).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
    expect(moz.bytesOut).toBeLessThan(turbo.bytesOut);
    expect((await sharp(moz.data).metadata()).isProgressive).toBe(true);
    expect((await sharp(turbo.data).metadata()).isProgressive).toBe(false);
  });
});
