// Runs in its own process for the bigPhoto figure: `make PATH` writes a 100-megapixel camera-like
// JPEG; `measure PATH` takes it through intake and optimisation and prints the process's peak RSS.
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { inspectFile } from '../src/core/intake/inspect-file';
import { optimiseImage } from '../src/core/optimise/optimise-image';

const [mode, path] = process.argv.slice(2);
const WIDTH = 12000;
const HEIGHT = 8333; // 100 MP: the intake's limit (a larger image is refused before decoding)

if (mode === 'make') {
  const texture = await sharp({ create: { width: WIDTH / 8, height: Math.round(HEIGHT / 8), channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 50 } } }).blur(1).png().toBuffer();
  await writeFile(path!, await sharp(texture).resize(WIDTH, HEIGHT).jpeg({ quality: 90 }).toBuffer());
} else {
  const t0 = performance.now();
  const image = await inspectFile(path!);
  const out = await optimiseImage(image, { maxEdge: 2048 });
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ megapixels: Math.round((image.width * image.height) / 1e5) / 10, peakRssMb, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)), bytesOut: out.bytesOut }) + '\n');
}
