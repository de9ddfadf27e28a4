// npx tsx bench/encoder-calibration.ts [photos]: the measurement behind the table of JPEG encoder
// choices in src/core/optimise/encoder-choice.ts. For each (encoder, quality), over the benchmark's
// camera photos: CPU time of the whole optimisation (decode, resize, encode; process.cpuUsage, so it
// counts sharp's threads), bytes delivered, and the least SSIM against the original.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectFile } from '../src/core/intake/inspect-file';
import { optimiseImage, type JpegEncoder } from '../src/core/optimise/optimise-image';
import { cameraPhoto, hardTexturePhoto } from './photos';
import { ssim } from './ssim';

const count = Number(process.argv[2] ?? 4);
const encoders: JpegEncoder[] = ['libjpeg-turbo', 'mozjpeg'];
const qualities = (process.argv[3] ?? '70,75,80,85').split(',').map(Number);
const dir = await mkdtemp(join(tmpdir(), 'dmdrop-calibrate-'));
const natural = await Promise.all(Array.from({ length: count }, (_, i) => cameraPhoto(dir, i)));
const hard = await Promise.all(Array.from({ length: Math.max(1, count >> 1) }, (_, i) => hardTexturePhoto(dir, i)));
for (const [corpus, files] of [['natural', natural], ['worst case', hard]] as const) {
  const images = await Promise.all(files.map((f) => inspectFile(f)));
  const originals = await Promise.all(files.map((f) => readFile(f)));
  console.log(`\n${corpus}: ${files.length} photos`);
  for (const jpegEncoder of encoders) {
    for (const jpegQuality of qualities) {
      await optimiseImage(images[0]!, { jpegEncoder, jpegQuality }); // warm
      let cpuUs = 0;
      let bytes = 0;
      let ssimMin = 1;
      for (let i = 0; i < images.length; i++) {
        const cpu0 = process.cpuUsage();
        const out = await optimiseImage(images[i]!, { jpegEncoder, jpegQuality });
        const cpu = process.cpuUsage(cpu0);
        cpuUs += cpu.user + cpu.system;
        bytes += out.bytesOut;
        ssimMin = Math.min(ssimMin, await ssim(originals[i]!, out.data));
      }
      const n = images.length;
      console.log(`${jpegEncoder.padEnd(13)} q${jpegQuality}  cpu ${(cpuUs / n / 1000).toFixed(0).padStart(4)} ms  bytes ${(bytes / n / 1024).toFixed(0).padStart(4)} KB  ssim min ${ssimMin.toFixed(4)}`);
    }
  }
}
await rm(dir, { recursive: true, force: true });
