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
