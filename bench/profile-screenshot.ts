// One-off profile for the latency figure: where a screenshot's time goes before the network.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { inspectFile } from '../src/core/intake/inspect-file';
import { optimiseImage } from '../src/core/optimise/optimise-image';
import { screenshot } from './photos';

const dir = await mkdtemp(join(tmpdir(), 'prof-'));
const path = join(dir, 's.png');
await writeFile(path, await screenshot(1));
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const image = await inspectFile(path);
  const tInspect = performance.now() - t;
  t = performance.now();
  const out = await optimiseImage(image, { maxEdge: 2048 });
  const tOpt = performance.now() - t;
  t = performance.now();
  await sharp(image.bytes).resize(2048, 2048, { fit: 'inside' }).png({ palette: true, quality: 95, effort: 7, compressionLevel: 9 }).toBuffer();
  const tPal = performance.now() - t;
  t = performance.now();
  await sharp(image.bytes).resize(2048, 2048, { fit: 'inside' }).png({ palette: true, quality: 95, effort: 1, compressionLevel: 6 }).toBuffer();
  const tPalFast = performance.now() - t;
  console.log({ inspect: Math.round(tInspect), optimise: Math.round(tOpt), palette7: Math.round(tPal), palette1: Math.round(tPalFast), out: out.format, bytes: out.bytesOut });
}
