// How fast this machine's uplink really is, learnt from the uploads already made: bytes sent ÷ the
// time during which at least one upload was in flight, smoothed. Uploads that overlap share one
// uplink, so their bytes are counted against their shared busy time, not each one's own duration.
// An upload's time is also a round trip (the request out, the answer back) that carries no bytes:
// on a 20 Mbit/s link with 80 ms round trips a 79 KB upload is 32 ms of wire and 80 ms of waiting,
// and bytes ÷ time read 5.6 Mbit/s. So the engine reports the round trip of a small request it makes
// anyway (creating a link), and one round trip is taken off each sample's busy time.

export interface UplinkEstimateOptions {
  now: () => number;
  /** Weight of the newest sample (0–1]: 0.3 follows a changed link within a few uploads. */
  alpha?: number;
  /** Uploads smaller than this say more about round trips than about the uplink: ignored. */
  minBytes?: number;
}

/**
 * The wire time of a sample is never taken below this share of its busy time: a round trip sample
 * that ran long (a slow server answer) must not turn a small upload into an absurd speed.
 */
const MIN_WIRE_SHARE = 0.125;

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
  /** Separate stretches of busy link since the last sample: each began with its own round trip. */
  private busyStretches = 0;
  private estimate: number | undefined;
  private roundTrip: number | undefined;

  constructor(options: UplinkEstimateOptions) {
    this.now = options.now;
    this.alpha = options.alpha ?? 0.3;
    this.minBytes = options.minBytes ?? 16 * 1024;
  }

  /** The uplink in kbit/s, or undefined before the first upload worth measuring. */
  kbps(): number | undefined {
    return this.estimate;
  }

  /** The smoothed round trip in ms, or undefined before the first one was noted. */
  roundTripMs(): number | undefined {
    return this.roundTrip;
  }

  /**
   * The duration of a request that carries (almost) no bytes, such as creating a link: one round
   * trip plus the server's answer. Smoothed like the uplink itself.
   */
  noteRoundTrip(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.roundTrip = this.roundTrip === undefined ? ms : this.alpha * ms + (1 - this.alpha) * this.roundTrip;
  }

  /** Call as an upload starts; settle the handle once it ends. */
  start(): UploadTiming {
    this.settleBusy();
    if (this.inFlight === 0) this.busyStretches++;
    this.inFlight++;
    let settled = false;
    const end = (bytes: number | undefined) => {
      if (settled) return;
      settled = true;
      this.settleBusy();
      this.inFlight--;
      if (bytes === undefined) {
        // A failed upload's time, alone on the link, is not the link's speed: forget it.
        if (this.inFlight === 0 && this.bytes === 0) {
          this.busyMs = 0;
          this.busyStretches = 0;
        }
        return;
      }
      this.bytes += bytes;
      if (this.bytes < this.minBytes || this.busyMs <= 0) return;
      // One round trip per stretch of busy link: overlapping uploads wait for their answers at once.
      const waitingMs = (this.roundTrip ?? 0) * this.busyStretches;
      const wireMs = Math.max(this.busyMs - waitingMs, this.busyMs * MIN_WIRE_SHARE);
      const sample = (this.bytes * 8) / wireMs; // bits per ms = kbit/s
      this.estimate = this.estimate === undefined ? sample : this.alpha * sample + (1 - this.alpha) * this.estimate;
      this.bytes = 0;
      this.busyMs = 0;
      // An upload still in flight carries on into the next sample, its round trip already paid.
      this.busyStretches = 0;
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
