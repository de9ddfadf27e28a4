// A PNG that needs no pixel change can go as its original bytes minus every chunk outside a
// whitelist (no decode, no encode), when that is sooner on the measured uplink. The chunks are read
// back from the output, and its pixels compared with the input's through sharp.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { screenshot as benchScreenshot } from '../../../bench/photos';
import { UplinkEstimate } from '../../../src/core/net/uplink-estimate';
import { inspectFile } from '../../../src/core/intake/inspect-file';
import { choosePngPassthrough, outputMegapixels } from '../../../src/core/optimise/encoder-choice';
import { DEFAULT_OPTIMISE, optimiseImage, type OptimiseOptions } from '../../../src/core/optimise/optimise-image';
import { screenshotPng, writeFixture } from '../../fixtures/images';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function optimise(name: string, data: Buffer, options: Partial<OptimiseOptions> = { pngPassthrough: true }) {
  return optimiseImage(await inspectFile(await writeFixture(await tempDir(), name, data)), options);
}

/** The chunk types of a PNG, in order, read independently of the code under test. */
function chunkTypes(data: Buffer): string[] {
  expect(data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const types: string[] = [];
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    types.push(data.toString('latin1', offset + 4, offset + 8));
    offset += 12 + length;
  }
  return types;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** Inserts chunks right after IHDR (where text, time and animation control may all go). */
function insertAfterIhdr(png: Buffer, ...chunks: Buffer[]): Buffer {
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)]);
}

/** What a passthrough of this PNG would be: the whitelisted chunks, bytes as they are. */
function whitelisted(png: Buffer): Buffer {
  const keep = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND', 'gAMA', 'cHRM', 'sRGB']);
  const parts = [png.subarray(0, 8)];
  for (let offset = 8; offset < png.length; ) {
    const end = offset + 12 + png.readUInt32BE(offset);
    if (keep.has(png.toString('latin1', offset + 4, offset + 8))) parts.push(png.subarray(offset, end));
    offset = end;
  }
  return Buffer.concat(parts);
}

async function samePixels(a: Buffer, b: Buffer) {
  const [x, y] = await Promise.all([sharp(a).raw().toBuffer({ resolveWithObject: true }), sharp(b).raw().toBuffer({ resolveWithObject: true })]);
  expect(y.info).toMatchObject({ width: x.info.width, height: x.info.height, channels: x.info.channels });
  expect(y.data.equals(x.data)).toBe(true);
}

const PERSONAL = ['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'iCCP'];

/** A screenshot carrying a location (EXIF GPS), a camera, text, XMP, a time and an sRGB profile. */
async function screenshotWithMetadata(): Promise<Buffer> {
  const base = await sharp(await screenshotPng(390, 844))
    .png()
    .withIccProfile('srgb')
    .withExif({ IFD0: { Make: 'SecretCam', Model: 'Model Z9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
  const tIME = Buffer.from([0x07, 0xea, 12, 1, 7, 30, 0]);
  return insertAfterIhdr(
    base,
    chunk('tEXt', Buffer.from('Author\0dmdrop-test-owner', 'latin1')),
    chunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>dmdrop-test-owner</x:xmpmeta>', 'latin1')),
    chunk('tIME', tIME),
    chunk('prVt', Buffer.from('an unknown private chunk', 'latin1')),
  );
}

describe('PNG passthrough', () => {
  it('sends the original minus every chunk outside the whitelist, pixels identical, metadata reported removed', async () => {
    const input = await screenshotWithMetadata();
    for (const type of ['eXIf', 'tEXt', 'iTXt', 'tIME', 'iCCP', 'prVt']) expect(chunkTypes(input)).toContain(type);
    const out = await optimise('meta.png', input);
    expect(out.format).toBe('png');
    expect(out.data.equals(whitelisted(input))).toBe(true); // copied, not re-encoded
    const types = chunkTypes(out.data);
    for (const type of [...PERSONAL, 'pHYs', 'prVt']) expect(types).not.toContain(type);
    expect(new Set(types)).toEqual(new Set(['IHDR', 'IDAT', 'IEND']));
    expect(out.data.includes('dmdrop-test-owner')).toBe(false);
    expect(out.data.includes('SecretCam')).toBe(false);
    expect(out.removed).toEqual({ location: true, camera: true, otherMetadata: true });
    expect(out.bytesOut).toBeLessThan(input.length);
    await samePixels(input, out.data);
  });

  it('reports other metadata removed for text and time chunks alone, re-encoded or not', async () => {
    const input = insertAfterIhdr(await screenshotPng(200, 400), chunk('tIME', Buffer.from([0x07, 0xea, 12, 1, 7, 30, 0])));
    for (const pngPassthrough of [true, false]) {
      const out = await optimise(`time-${pngPassthrough}.png`, input, { pngPassthrough });
      expect(chunkTypes(out.data)).not.toContain('tIME');
      expect(out.removed).toEqual({ location: false, camera: false, otherMetadata: true });
    }
  });

  it('re-encodes when not chosen (the default), pixels identical', async () => {
    const input = await screenshotWithMetadata();
    const out = await optimise('default.png', input, {});
    expect(out.data.equals(whitelisted(input))).toBe(false);
    for (const type of PERSONAL) expect(chunkTypes(out.data)).not.toContain(type);
    await samePixels(input, out.data);
  });

  it('may pass an interlaced PNG through, and either way it decodes to the same pixels', async () => {
    const input = await sharp(await screenshotPng(390, 844)).png({ progressive: true }).toBuffer();
    expect(input[8 + 8 + 12]).toBe(1); // IHDR interlace method: Adam7
    const out = await optimise('interlaced.png', input);
    await samePixels(input, out.data);
  });

  it('never passes a 16-bit PNG through', async () => {
    const input = await sharp(await screenshotPng(390, 844)).toColourspace('rgb16').png().toBuffer();
    expect(input[8 + 8 + 8]).toBe(16); // IHDR bit depth
    const out = await optimise('sixteen.png', input);
    expect(out.data.equals(whitelisted(input))).toBe(false);
    expect(out.data[8 + 8 + 8]).toBe(8);
  });

  it('never passes an animated PNG (APNG) through', async () => {
    const still = await screenshotPng(390, 844);
    const acTL = Buffer.alloc(8);
    acTL.writeUInt32BE(1, 0); // one frame, looping forever
    const fcTL = Buffer.alloc(26);
    fcTL.writeUInt32BE(0, 0); // sequence number
    fcTL.writeUInt32BE(390, 4);
    fcTL.writeUInt32BE(844, 8);
    fcTL.writeUInt16BE(1, 20); // delay 1/100 s
    fcTL.writeUInt16BE(100, 22);
    const input = insertAfterIhdr(still, chunk('acTL', acTL), chunk('fcTL', fcTL));
    const out = await optimise('animated.png', input);
    expect(out.data.equals(whitelisted(input))).toBe(false);
    const types = chunkTypes(out.data);
    expect(types).not.toContain('acTL');
    expect(types).not.toContain('fcTL');
  });

  it('never passes through a PNG that needs a resize or a rotation', async () => {
    const big = await screenshotPng(600, 300);
    const resized = await optimise('big.png', big, { pngPassthrough: true, maxEdge: 256, losslessMaxEdge: 256 });
    expect(resized).toMatchObject({ width: 256, height: 128 });
    const turned = await sharp(await screenshotPng(200, 400)).png().withMetadata({ orientation: 6 }).toBuffer();
    const upright = await optimise('turned.png', turned);
    expect(upright.data.equals(whitelisted(turned))).toBe(false);
    expect(upright).toMatchObject({ width: 400, height: 200 });
  });

  describe('chosen by CPU + bytes ÷ the measured uplink, for the benchmark screenshot', () => {
    /** The estimate after the benchmark's warm-up uploads on a link of this speed and 80 ms round trips. */
    function measured(linkKbps: number): number {
      let t = 0;
      const uplink = new UplinkEstimate({ now: () => t });
      for (const bytes of [2_300_000, 79_000]) {
        uplink.noteRoundTrip(80);
        const upload = uplink.start();
        t += 80 + (bytes * 8) / linkKbps;
        upload.done(bytes);
      }
      return uplink.kbps()!;
    }

    it('passes it through at 20 Mbit/s and re-encodes it at 2 Mbit/s or with the uplink unknown', async () => {
      const shot = await benchScreenshot(200);
      expect(shot.length).toBeGreaterThan(60_000); // the ≈ 79 KB flat-UI screenshot
      const mp = outputMegapixels(1170, 2532, DEFAULT_OPTIMISE.losslessMaxEdge);
      const fast = choosePngPassthrough(measured(20_000), mp, shot.length);
      const slow = choosePngPassthrough(measured(2_000), mp, shot.length);
      expect([fast, slow, choosePngPassthrough(undefined, mp, shot.length)]).toEqual([true, false, false]);

      const passed = await optimise('fast.png', shot, { pngPassthrough: fast });
      expect(passed.data.equals(whitelisted(shot))).toBe(true);
      const encoded = await optimise('slow.png', shot, { pngPassthrough: slow });
      expect(encoded.bytesOut).toBeLessThan(passed.bytesOut / 2);
      await samePixels(shot, passed.data);
      await samePixels(shot, encoded.data);
    });
  });
});
