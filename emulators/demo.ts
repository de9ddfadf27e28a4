// npm run demo: the whole loop, on a fresh clone, with no account. Starts the Dropbox emulator,
// makes a few sample photos (one carrying GPS and camera data), shares them through the real
// engine, and prints the DM texts with links that were verified anonymously.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openEngine } from '../src/core/engine/engine';
import { createFileSecretStore } from '../src/core/config/file-secret-store';
import { loadFileSettings } from '../src/core/config/file-settings-store';
import { formatBytes } from '../src/shared/format-bytes';
import { startDropboxEmulator } from './dropbox/server';

async function samplePhoto(width: number, height: number, hue: number): Promise<Buffer> {
  // Smooth colour plus noise: compresses like a photo, not like a flat test card.
  const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120 + (hue % 100), b: 60 } } })
    .composite([{ input: noise, blend: 'soft-light' }])
    .withExif({
      IFD0: { Make: 'DemoCam', Model: 'Model X', Software: 'demo' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function main() {
  const emu = await startDropboxEmulator({ linkBase: 'loopback' });
  const home = await mkdtemp(join(tmpdir(), 'dmdrop-demo-'));
  try {
    const photos: string[] = [];
    for (const [i, [w, h]] of [[4032, 3024], [3024, 4032], [1600, 1200]].entries()) {
      const path = join(home, `sample-${i + 1}.jpg`);
      await writeFile(path, await samplePhoto(w!, h!, i * 37));
      photos.push(path);
    }
    const broken = join(home, 'not-a-photo.jpg');
    await writeFile(broken, 'this is text, not a JPEG');
    photos.push(broken);

    const engine = await openEngine({
      dataDir: join(home, 'data'),
      settings: await loadFileSettings(join(home, 'data')),
      secrets: createFileSecretStore(join(home, 'data')),
      env: emu.dmdropEnv(),
    });
    console.log(`DM Drop demo: sharing ${photos.length} files to the loopback Dropbox emulator at ${emu.url}\n`);
    const outcomes = await engine.share(photos, { caption: 'from the demo' });
    // The same photos behind one album link: the DM text reads as sentences there too.
    const album = await engine.shareAlbum(photos.slice(0, 2), { caption: 'the demo album', name: 'Demo album' });
    await engine.close();
    for (const outcome of outcomes) {
      if (outcome.ok) {
        const removed = outcome.removed.location ? ', location and camera data removed' : '';
        console.log(`✓ ${outcome.file.split('/').pop()}: ${formatBytes(outcome.bytesIn)} → ${formatBytes(outcome.bytesOut)}${removed}, link verified anonymously`);
        console.log(`  ${outcome.dm}\n`);
      } else {
        console.log(`✗ ${outcome.file.split('/').pop()}: ${outcome.error.message} [${outcome.error.code}]\n`);
      }
    }
    if (album.album.ok) console.log(`✓ Album “${album.album.album}” (${album.album.count} photos), link verified anonymously\n  ${album.album.dm}\n`);
    else console.log(`✗ Album: ${album.album.error.message} [${album.album.error.code}]\n`);
    console.log('The links work while the emulator runs; this demo stops it now.');
  } finally {
    await emu.close();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
