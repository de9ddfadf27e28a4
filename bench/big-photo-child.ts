// Runs in its own process for the bigPhoto figure: `make PATH` writes a 100-megapixel camera-like
// JPEG; `measure PATH` takes it through intake and optimisation and prints the process's peak RSS.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { inspectFile } from '../src/core/intake/inspect-file';
import { optimiseImage } from '../src/core/optimise/optimise-image';

const [mode, path] = process.argv.slice(2);
const WIDTH = 12000;
const HEIGHT = 8333; // 100 MP: the intake's limit (a larger image is refused before decoding)

/**
 * This process's own peak resident memory. VmHWM belongs to the process image and starts afresh at
 * exec; getrusage's maxRSS is carried over from the parent on Linux, so a child started by a big
 * parent would report the parent's peak.
 */
function peakRssKb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

if (mode === 'make') {
  const texture = await sharp({ create: { width: WIDTH / 8, height: Math.round(HEIGHT / 8), channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 50 } } }).blur(1).png().toBuffer();
  await writeFile(path!, await sharp(texture).resize(WIDTH, HEIGHT).jpeg({ quality: 90 }).toBuffer());
} else {
  const t0 = performance.now();
  const image = await inspectFile(path!);
  const out = await optimiseImage(image, { maxEdge: 2048 });
  const peakRssMb = Math.round(peakRssKb() / 1024);
  process.stdout.write(JSON.stringify({ megapixels: Math.round((image.width * image.height) / 1e5) / 10, peakRssMb, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)), bytesOut: out.bytesOut }) + '\n');
}
