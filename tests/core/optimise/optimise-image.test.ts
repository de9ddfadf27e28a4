// The optimise pipeline on real images with real sharp: upright, bounded, sRGB, stripped, small.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { inspectFile } from '../../../src/core/intake/inspect-file';
import { optimiseImage } from '../../../src/core/optimise/optimise-image';
import {
  SECRET_STRINGS,
  animatedGif,
  animatedWebp,
  avif,
  cameraJpeg,
  cmykJpeg,
  heic,
  p3Jpeg,
  png16,
  screenshotPng,
  truncated,
  webp,
  writeFixture,
} from '../../fixtures/images';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function optimise(name: string, data: Buffer, maxEdge?: number) {
  const dir = await tempDir();
  return optimiseImage(await inspectFile(await writeFixture(dir, name, data)), { maxEdge });
}

async function expectClean(data: Buffer) {
  const meta = await sharp(data).metadata();
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  const text = data.toString('latin1');
  for (const secret of SECRET_STRINGS) expect(text.includes(secret), secret).toBe(false);
  expect(meta.space).toBe('srgb');
  expect(meta.depth).toBe('uchar');
}

/** Mean red of the top-left 10% of the output: the red marker ends up there when upright. */
async function redAtTopLeft(data: Buffer): Promise<boolean> {
  const { width = 0, height = 0 } = await sharp(data).metadata();
  // stats() reads its input, not the pipeline: cut the corner out first.
  const corner = await sharp(data).extract({ left: 0, top: 0, width: Math.round(width / 10), height: Math.round(height / 10) }).png().toBuffer();
  const stats = await sharp(corner).stats();
  return stats.channels[0]!.mean > 200 && stats.channels[1]!.mean < 80;
}

describe('optimise', () => {
  it('applies every EXIF orientation so the photo is upright', async () => {
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const data = await cameraJpeg({ width: 300, height: 200, orientation });
      const out = await optimise(`o${orientation}.jpg`, data);
      // orientations 5-8 swap width and height
      expect([out.width, out.height], `orientation ${orientation}`).toEqual(orientation >= 5 ? [200, 300] : [300, 200]);
      // The marker is stored top-left; only 1 (identity) and 5 (transpose) leave it there.
      expect(await redAtTopLeft(out.data), `orientation ${orientation}`).toBe(orientation === 1 || orientation === 5);
      expect((await sharp(out.data).metadata()).orientation).toBeUndefined();
    }
  });

  it('removes GPS, camera make/model/serial and XMP and says so', async () => {
    const out = await optimise('camera.jpg', await cameraJpeg());
    await expectClean(out.data);
    expect(out.removed).toEqual({ location: true, camera: true, otherMetadata: true });
  });

  it('fits within the long edge and never upscales', async () => {
    const big = await optimise('big.jpg', await cameraJpeg({ width: 4032, height: 3024 }));
    expect([big.width, big.height]).toEqual([2048, 1536]);
    const small = await optimise('small.jpg', await cameraJpeg({ width: 400, height: 300 }));
    expect([small.width, small.height]).toEqual([400, 300]);
    const custom = await optimise('custom.jpg', await cameraJpeg({ width: 4032, height: 3024 }), 1080);
    expect(Math.max(custom.width, custom.height)).toBe(1080);
  });

  it('shrinks a camera photo many times over', async () => {
    const out = await optimise('camera12mp.jpg', await cameraJpeg({ width: 4032, height: 3024 }));
    expect(out.format).toBe('jpeg');
    expect(out.bytesIn / out.bytesOut).toBeGreaterThan(8);
  });

  const inputs: [string, () => Promise<Buffer>][] = [
    ['CMYK JPEG', cmykJpeg],
    ['16-bit PNG', png16],
    ['AVIF', avif],
    ['WebP', webp],
    ['Display P3 JPEG', p3Jpeg],
  ];
  for (const [what, make] of inputs) {
    it(`turns a ${what} into clean 8-bit sRGB a phone shows`, async () => {
      const out = await optimise('input.bin', await make());
      expect(['jpeg', 'png']).toContain(out.format);
      await expectClean(out.data);
    });
  }

  it('decodes HEIC into a clean JPEG', async () => {
    const dir = await tempDir();
    const out = await optimiseImage(await inspectFile(await heic(dir, 1600, 1200)));
    expect(out).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    await expectClean(out.data);
  });

  it('keeps animation of animated GIF and WebP', async () => {
    for (const [name, make] of [['a.gif', animatedGif], ['a.webp', animatedWebp]] as const) {
      const out = await optimise(name, await make());
      expect(['gif', 'webp']).toContain(out.format);
      expect((await sharp(out.data, { animated: true }).metadata()).pages, name).toBe(4);
    }
  });

  it('keeps screenshots sharp: lossless-looking PNG or JPEG, whichever is smaller', async () => {
    const out = await optimise('shot.png', await screenshotPng());
    expect(['png', 'jpeg']).toContain(out.format);
    expect(out.bytesOut).toBeLessThanOrEqual(out.bytesIn);
    await expectClean(out.data);
  });

  it('sends a UI screenshot as lossless PNG: every pixel exactly as resized', async () => {
    const shot = await screenshotPng(1000, 1800);
    const out = await optimise('ui.png', await sharp(shot).withExif({ IFD0: { Make: 'SecretCam' } }).png({ compressionLevel: 0 }).toBuffer());
    expect(out.format).toBe('png');
    const [a, b] = await Promise.all([sharp(shot).raw().toBuffer(), sharp(out.data).raw().toBuffer()]);
    expect(b.equals(a)).toBe(true);
    await expectClean(out.data);
  });

  it('sends a screenshot of a photo lossy when lossless would be big', async () => {
    // Noise stands in for a photo or a video frame on screen: lossless PNG cannot shrink it.
    const noisy = await sharp({ create: { width: 1170, height: 2532, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    const out = await optimise('video.png', noisy);
    expect(out.format).toBe('jpeg');
    expect(out.bytesOut).toBeLessThan(noisy.length / 3);
    expect(Math.max(out.width, out.height)).toBe(2048);
  });

  it.each([
    ['8-bit', 'uchar'],
    ['16-bit', 'ushort'],
  ] as const)('sends a %s screenshot of a photo with an alpha channel lossy only when every pixel is opaque', async (_, depth) => {
    // A screenshot tool's RGBA: a noisy "photo" with full alpha, then with its top rows transparent.
    const [width, height] = [800, 600];
    const photo = sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
    const rgba = async (transparentRows: number) => {
      const alpha = Buffer.alloc(width * height, 255).fill(0, 0, transparentRows * width);
      const png = await photo.clone().joinChannel(alpha, { raw: { width, height, channels: 1 } }).png().toBuffer();
      return depth === 'ushort' ? sharp(png).toColourspace('rgb16').png().toBuffer() : png;
    };
    const opaque = await rgba(0);
    expect(await sharp(opaque).metadata()).toMatchObject({ depth, channels: 4 });
    expect(await optimise('opaque.png', opaque)).toMatchObject({ format: 'jpeg' });
    const corner = await optimise('corner.png', await rgba(10));
    expect(corner.format).toBe('png');
    const { data, info } = await sharp(corner.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBe(0); // the transparent rows are still transparent
    expect(data[(info.width * info.height - 1) * 4 + 3]).toBe(255);
  });

  it('never sends more bytes than an original that already fits, and still strips it', async () => {
    // A tiny, already well-compressed JPEG with metadata: re-encoding would not make it smaller.
    const data = await sharp(await cameraJpeg({ width: 320, height: 240 })).jpeg({ quality: 40, mozjpeg: true }).withExif({ IFD0: { Make: 'SecretCam' } }).toBuffer();
    const out = await optimise('fits.jpg', data);
    expect(out.bytesOut).toBeLessThanOrEqual(data.length);
    await expectClean(out.data);
  });

  it('reports a truncated photo as IMAGE_CORRUPT', async () => {
    const data = truncated(await cameraJpeg({ width: 1200, height: 900 }));
    await expect(optimise('half.jpg', data)).rejects.toMatchObject({ code: 'IMAGE_CORRUPT' });
  });

  it('reports truncated photos as IMAGE_CORRUPT also when many are optimised at once', async () => {
    // libvips' error text is shared state: run concurrently, some of these fail with "Unknown error".
    const data = truncated(await cameraJpeg({ width: 1200, height: 900 }));
    const results = await Promise.allSettled(Array.from({ length: 24 }, (_, i) => optimise(`half-${i}.jpg`, data)));
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'shared'))).toEqual(Array(24).fill('IMAGE_CORRUPT'));
  });

  it('does not modify the input buffer', async () => {
    const data = await cameraJpeg({ width: 500, height: 400 });
    const copy = Buffer.from(data);
    await optimise('same.jpg', data);
    expect(data.equals(copy)).toBe(true);
  });
});
