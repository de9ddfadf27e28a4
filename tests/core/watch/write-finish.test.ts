// A file is "complete" only when its structure says so: every prefix of a real image is
// incomplete, whatever the writer's pace, and the whole file is complete.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkComplete } from '../../../src/core/watch/write-finish';
import { animatedGif, cameraJpeg, heic, webp } from '../../fixtures/images';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function prefixes(data: Buffer, dir: string, name: string) {
  const path = join(dir, name);
  const results: string[] = [];
  // Cut points: inside the header, right after the EXIF thumbnail region, mid-scan, one byte short.
  for (const cut of [1, 12, 200, 2000, Math.floor(data.length / 2), data.length - 1]) {
    if (cut >= data.length) continue;
    await writeFile(path, data.subarray(0, cut));
    results.push(await checkComplete(path));
  }
  await writeFile(path, data);
  return { partial: results, whole: await checkComplete(path) };
}

describe('write-finish detection', () => {
  it('knows JPEG, PNG, WebP, GIF and HEIC files are complete only once every byte is there', async () => {
    const dir = await tempDir();
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#123456', noise: { type: 'gaussian', mean: 100, sigma: 30 } } }).png().toBuffer();
    const cases: [string, Buffer][] = [
      ['camera.jpg', await cameraJpeg({ width: 800, height: 600 })],
      ['shot.png', png],
      ['x.webp', await webp()],
      ['anim.gif', await animatedGif()],
    ];
    for (const [name, data] of cases) {
      const { partial, whole } = await prefixes(data, dir, name);
      expect(partial.every((r) => r === 'incomplete' || r === 'empty'), `${name}: ${partial.join(',')}`).toBe(true);
      expect(whole, name).toBe('complete');
    }
    const heicPath = await heic(dir, 320, 240);
    expect(await checkComplete(heicPath)).toBe('complete');
  });

  it('is not fooled by the EOI of an EXIF thumbnail inside a half-written JPEG', async () => {
    const dir = await tempDir();
    const thumb = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const main = await cameraJpeg({ width: 640, height: 480 });
    // APP1 segment holding a JPEG thumbnail (ends in FF D9) right after SOI, as cameras write it.
    const app1Body = Buffer.concat([Buffer.from('Exif\0\0'), thumb]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (app1Body.length + 2) >> 8, (app1Body.length + 2) & 0xff]), app1Body]);
    const withThumb = Buffer.concat([main.subarray(0, 2), app1, main.subarray(2)]);
    const path = join(dir, 't.jpg');
    await writeFile(path, withThumb.subarray(0, 4 + app1.length)); // cut right after the thumbnail's EOI
    expect(await checkComplete(path)).toBe('incomplete');
    await writeFile(path, withThumb);
    expect(await checkComplete(path)).toBe('complete');
  });

  it('says so when the format cannot tell (the watcher then waits for a quiet spell)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.txt'), 'just some text, long enough');
    expect(await checkComplete(join(dir, 'a.txt'))).toBe('unknown-format');
    await writeFile(join(dir, 'e.png'), '');
    expect(await checkComplete(join(dir, 'e.png'))).toBe('empty');
  });
});
