// Is a file that is still appearing complete yet? Instead of waiting for it to "settle" for
// seconds (ShareX waits ~2 s), read its structure: a JPEG ends with EOI after its scan, a PNG with
// IEND, a WebP's RIFF size equals the file size, an ISO-BMFF image (HEIC/AVIF) has box sizes that add
// up and contain its media. A half-written file fails these checks whatever the writer's pace, so
// the job can start the moment the last byte lands and a slow writer is never read truncated.
import { open } from 'node:fs/promises';

export type Completeness = 'complete' | 'incomplete' | 'unknown-format' | 'empty';

const TAIL = 64 * 1024;

export async function checkComplete(path: string): Promise<Completeness> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return 'empty';
    const headLength = Math.min(size, TAIL);
    const head = Buffer.alloc(headLength);
    await handle.read(head, 0, headLength, 0);
    const tail = Buffer.alloc(Math.min(size, 16));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (head[0] === 0xff && head[1] === 0xd8) return await jpegComplete(head, tail, size, handle);
    if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      return tail.subarray(-12).equals(Buffer.from('0000000049454e44ae426082', 'hex')) ? 'complete' : 'incomplete';
    }
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
      return size >= 8 && head.readUInt32LE(4) + 8 === size ? 'complete' : 'incomplete';
    }
    if (head.toString('latin1', 4, 8) === 'ftyp') return await bmffComplete(handle, size);
    if (head.toString('latin1', 0, 4) === 'GIF8') return tail[tail.length - 1] === 0x3b ? 'complete' : 'incomplete';
    return size < 12 ? 'incomplete' : 'unknown-format';
  } finally {
    await handle.close();
  }
}

/** Walks the marker segments to the first scan (an EXIF thumbnail's own EOI must not fool us), then wants EOI at the end. */
async function jpegComplete(head: Buffer, tail: Buffer, size: number, handle: Awaited<ReturnType<typeof open>>): Promise<Completeness> {
  let pos = 2;
  const header = Buffer.alloc(4);
  for (;;) {
    if (pos + 4 > size) return 'incomplete';
    const bytes = pos + 4 <= head.length ? head.subarray(pos, pos + 4) : ((await handle.read(header, 0, 4, pos)), header);
    if (bytes[0] !== 0xff) return 'incomplete';
    const marker = bytes[1]!;
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      pos += marker === 0xff ? 1 : 2;
      continue;
    }
    pos += 2 + bytes.readUInt16BE(2);
  }
  // Some writers pad after EOI; allow a few trailing zero bytes.
  let end = tail.length;
  while (end > 2 && tail[end - 1] === 0x00) end--;
  return tail[end - 2] === 0xff && tail[end - 1] === 0xd9 ? 'complete' : 'incomplete';
}

async function bmffComplete(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<Completeness> {
  let pos = 0;
  let sawMedia = false;
  const box = Buffer.alloc(16);
  while (pos < size) {
    if (pos + 8 > size) return 'incomplete';
    await handle.read(box, 0, 16, pos);
    let length = box.readUInt32BE(0);
    const type = box.toString('latin1', 4, 8);
    if (length === 1) length = Number(box.readBigUInt64BE(8));
    if (length === 0) length = size - pos; // "to the end of the file"
    if (length < 8) return 'incomplete';
    if (type === 'mdat') sawMedia = true;
    pos += length;
  }
  return pos === size && sawMedia ? 'complete' : 'incomplete';
}
