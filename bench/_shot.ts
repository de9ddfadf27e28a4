import sharp from 'sharp';
import { screenshot } from './photos';
const desktop = (i: number) => {
  const lines = Array.from({ length: 60 }, (_, r) => `<text x="${40 + (r % 3) * 900}" y="${120 + (r % 20) * 80}" font-family="sans-serif" font-size="${20 + (r % 3) * 4}" fill="#222">Line ${r + i}: the quick brown fox jumps over the lazy dog 0123456789</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2880" height="1800"><rect width="100%" height="100%" fill="#ffffff"/><rect width="100%" height="60" fill="#2d2d30"/><rect x="0" y="60" width="300" height="1740" fill="#f3f3f3"/>${lines}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
};
for (const [name, png] of [['phone', await screenshot(0)], ['desktop', await desktop(0)]] as const) {
  for (const edge of [2048, 4096]) {
    const enc = () => sharp(png).resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true }).toColourspace('srgb').png({ compressionLevel: 9 }).toBuffer();
    await enc();
    const t = performance.now(); const out = await enc(); const ms = performance.now() - t;
    console.log(name, edge, `${(out.length / 1024).toFixed(0)} KB`, `${ms.toFixed(0)} ms`);
  }
}
