// Bandwidth limiting for the emulators' downloads: writes in 50 ms ticks at the given kbit/s, so
// benchmarks and progress displays can be exercised at phone-like speeds over loopback.
import type { ServerResponse } from 'node:http';

export function sendThrottled(res: ServerResponse, data: Buffer, bandwidthKbps?: number): void {
  if (!bandwidthKbps) return void res.end(data);
  const bytesPerTick = Math.max(1, Math.floor((bandwidthKbps * 1000) / 8 / 20));
  let offset = 0;
  const tick = () => {
    if (res.destroyed) return;
    const end = Math.min(data.length, offset + bytesPerTick);
    res.write(data.subarray(offset, end));
    offset = end;
    if (offset >= data.length) res.end();
    else setTimeout(tick, 50);
  };
  tick();
}

/**
 * A shared uplink: request bodies arrive no faster than `kbps` in total, one after another, the way
 * concurrent uploads share a home connection. Returns when this body would have finished arriving.
 */
export function createUplink(kbps?: number): (bytes: number) => Promise<void> {
  let freeAt = 0;
  return async (bytes) => {
    if (!kbps) return;
    const start = Math.max(Date.now(), freeAt);
    freeAt = start + (bytes * 8) / kbps; // kbit/s = bits per ms
    const wait = freeAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}
