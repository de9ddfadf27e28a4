// How fast this machine's uplink really is, learnt from the uploads already made: bytes sent ÷ the
// time during which at least one upload was in flight, smoothed. Uploads that overlap share one
// uplink, so their bytes are counted against their shared busy time, not each one's own duration.

export interface UplinkEstimateOptions {
  now: () => number;
  /** Weight of the newest sample (0–1]: 0.3 follows a changed link within a few uploads. */
  alpha?: number;
  /** Uploads smaller than this say more about round trips than about the uplink: ignored. */
  minBytes?: number;
}

export interface UploadTiming {
  /** The upload finished with this many bytes sent. */
  done(bytes: number): void;
  /** The upload failed or was not needed: its time says nothing about the uplink. */
  cancel(): void;
}

export class UplinkEstimate {
  private readonly now: () => number;
  private readonly alpha: number;
  private readonly minBytes: number;
  private inFlight = 0;
  private busySince = 0;
  /** Busy time and bytes since the last sample. */
  private busyMs = 0;
  private bytes = 0;
  private estimate: number | undefined;

  constructor(options: UplinkEstimateOptions) {
    this.now = options.now;
    this.alpha = options.alpha ?? 0.3;
    this.minBytes = options.minBytes ?? 16 * 1024;
  }

  /** The uplink in kbit/s, or undefined before the first upload worth measuring. */
  kbps(): number | undefined {
    return this.estimate;
  }

  /** Call as an upload starts; settle the handle once it ends. */
  start(): UploadTiming {
    this.settleBusy();
    this.inFlight++;
    let settled = false;
    const end = (bytes: number | undefined) => {
      if (settled) return;
      settled = true;
      this.settleBusy();
      this.inFlight--;
      if (bytes === undefined) {
        // A failed upload's time, alone on the link, is not the link's speed: forget it.
        if (this.inFlight === 0 && this.bytes === 0) this.busyMs = 0;
        return;
      }
      this.bytes += bytes;
      if (this.bytes < this.minBytes || this.busyMs <= 0) return;
      const sample = (this.bytes * 8) / this.busyMs; // bits per ms = kbit/s
      this.estimate = this.estimate === undefined ? sample : this.alpha * sample + (1 - this.alpha) * this.estimate;
      this.bytes = 0;
      this.busyMs = 0;
    };
    return { done: (bytes) => end(bytes), cancel: () => end(undefined) };
  }

  /** Adds the time since the last change to the busy time, if anything was in flight. */
  private settleBusy() {
    const now = this.now();
    if (this.inFlight > 0) this.busyMs += now - this.busySince;
    this.busySince = now;
  }
}
