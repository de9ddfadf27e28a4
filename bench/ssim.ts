// SSIM (Wang et al. 2004) on luma, over 8×8 windows with stride 4: how alike the delivered photo
// is to the original resized to the same size. 1 = identical; ≥ 0.97 is visually indistinguishable
// at phone sizes.
import sharp from 'sharp';

async function luma(input: Buffer, width: number, height: number): Promise<Float64Array> {
  const { data } = await sharp(input).rotate().resize(width, height, { fit: 'fill' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return Float64Array.from(data);
}

export async function ssim(original: Buffer, delivered: Buffer): Promise<number> {
  const meta = await sharp(delivered).metadata();
  const width = meta.width!;
  const height = meta.height!;
  const [a, b] = await Promise.all([luma(original, width, height), luma(delivered, width, height)]);
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  const W = 8;
  let total = 0;
  let windows = 0;
  for (let y = 0; y + W <= height; y += 4) {
    for (let x = 0; x + W <= width; x += 4) {
      let ma = 0, mb = 0;
      for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
        const k = (y + j) * width + x + i;
        ma += a[k]!;
        mb += b[k]!;
      }
      ma /= W * W;
      mb /= W * W;
      let va = 0, vb = 0, cov = 0;
      for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
        const k = (y + j) * width + x + i;
        const da = a[k]! - ma;
        const db = b[k]! - mb;
        va += da * da;
        vb += db * db;
        cov += da * db;
      }
      const n = W * W - 1;
      va /= n;
      vb /= n;
      cov /= n;
      total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      windows++;
    }
  }
  return total / windows;
}
