// Generates the tray icons in resources/ from one SVG glyph (a photo frame with an up arrow), so
// they stay consistent: idle / busy / attention, each for light and dark bars, plus macOS template
// images (black + alpha; macOS tints them), at 1x and 2x; and the app icon (resources/icon.png,
// 1024×1024 as macOS asks of a packaged app: the glyph in white on the brand colour).
// Run: node scripts/make-tray-icons.mjs
import sharp from 'sharp';

const glyph = (color, badge) => `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <rect x="3" y="6" width="26" height="21" rx="4" fill="none" stroke="${color}" stroke-width="2.6"/>
  <path d="M16 22 V12 M11 16.5 L16 11.5 L21 16.5" fill="none" stroke="${color}" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>
  ${badge ? `<circle cx="26" cy="8" r="5.5" fill="${badge}"/>` : ''}
</svg>`;

const states = { idle: undefined, busy: '#2f80ed', attention: '#eb5757' };
const variants = { light: '#000000', dark: '#ffffff' };
for (const [state, badge] of Object.entries(states)) {
  for (const [variant, color] of Object.entries(variants)) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
      await sharp(Buffer.from(glyph(color, badge))).resize(size, size).png().toFile(`resources/tray-${state}-${variant}${suffix}.png`);
    }
  }
  // macOS template: black glyph; the badge becomes a solid dot (templates are single-colour).
  for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
    await sharp(Buffer.from(glyph('#000000', badge ? '#000000' : undefined))).resize(size, size).png().toFile(`resources/tray-${state}Template${suffix}.png`);
  }
}

// App icon: Apple's grid puts an 824-px rounded square in a 1024 canvas; Windows and Linux scale it down.
const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <rect x="100" y="100" width="824" height="824" rx="185" fill="#fe2c55"/>
  <svg x="232" y="232" width="560" height="560" viewBox="0 0 32 32">${glyph('#ffffff').replace(/^<svg[^>]*>|<\/svg>\s*$/g, '')}</svg>
</svg>`;
await sharp(Buffer.from(appIcon)).png().toFile('resources/icon.png');
