// iPhone photos: HEIC holds HEVC-coded images, which sharp's prebuilt libvips cannot decode
// (patents), so heic-decode (libheif compiled to WebAssembly) decodes them to RGBA for sharp.
// libheif applies the container's rotation and mirror (irot/imir) while decoding.
import decode from 'heic-decode';

interface HeicImage {
  width: number;
  height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
type HeicImages = HeicImage[] & { dispose?: () => void };

const decodeAll = (decode as unknown as { all(o: { buffer: Buffer }): Promise<HeicImages> }).all;

async function withPrimary<T>(bytes: Buffer, use: (image: HeicImage) => Promise<T>): Promise<T> {
  const images = await decodeAll({ buffer: bytes });
  try {
    const first = images[0];
    if (!first) throw new Error('no image in the HEIC container');
    return await use(first);
  } finally {
    images.dispose?.();
  }
}

export function readHeicHeader(bytes: Buffer): Promise<{ width: number; height: number }> {
  return withPrimary(bytes, async (image) => ({ width: image.width, height: image.height }));
}

export function decodeHeic(bytes: Buffer): Promise<{ width: number; height: number; data: Buffer }> {
  return withPrimary(bytes, async (image) => {
    const decoded = await image.decode();
    return {
      width: decoded.width,
      height: decoded.height,
      data: Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength),
    };
  });
}
