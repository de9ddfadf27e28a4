// A buffer as a stream that reports how much of it the socket has taken: with backpressure this
// tracks bytes actually sent, which is what an upload progress bar should show.
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

export function progressStream(data: Buffer, onProgress?: (sent: number, total: number) => void): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + CHUNK, data.length);
      this.push(data.subarray(offset, end));
      offset = end;
      onProgress?.(offset, data.length);
    },
  });
}
