import sharp from 'sharp';
import { writeFileSync } from 'node:fs';
import { checkComplete } from '/work/main/src/core/watch/write-finish';
const big = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#345', noise: { type: 'gaussian', mean: 120, sigma: 50 } } }).jpeg({ quality: 95 }).toBuffer();
writeFileSync('/tmp/big.jpg', big);
console.log(big.length, await checkComplete('/tmp/big.jpg'), big.subarray(0, 40).toString('hex'));
