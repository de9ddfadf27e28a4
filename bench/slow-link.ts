// The slowLink figure: one 12 MP photo through the engine on a slow and on a fast uplink, with the
// encoder following the uplink learnt from a prior upload (adaptive), against each fixed (encoder,
// quality) choice of the table on the same link. Method: docs/PERFORMANCE.md "slowLink".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDropboxEmulator } from '../emulators/dropbox/server';
import { loadFileSettings } from '../src/core/config/file-settings-store';
import { openEngine, type EngineDeps } from '../src/core/engine/engine';
import { JPEG_CANDIDATES } from '../src/core/optimise/encoder-choice';
import type { SecretStore } from '../src/core/ports/secret-store';
import { cameraPhoto } from './photos';

export interface LinkProfile {
  uplinkKbps: number;
  rttMs: number;
  downlinkKbps: number;
}

export const LINKS: LinkProfile[] = [
  { uplinkKbps: 4_000, rttMs: 100, downlinkKbps: 25_000 },
  { uplinkKbps: 100_000, rttMs: 10, downlinkKbps: 300_000 },
];

const noSecrets: SecretStore = { get: async () => undefined, set: async () => undefined, delete: async () => undefined };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const label = (c: { encoder: string; quality: number }) => `${c.encoder} q${c.quality}`;

/** An engine on its own emulator throttled to `link`, its uplink estimate warmed by one share. */
async function engineOnLink(link: LinkProfile, encoding: EngineDeps['encoding'], warm: string) {
  const emu = await startDropboxEmulator({ latencyMs: link.rttMs, uplinkKbps: link.uplinkKbps, bandwidthKbps: link.downlinkKbps });
  const dataDir = await mkdtemp(join(tmpdir(), 'dmdrop-bench-slow-'));
  const engine = await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, env: emu.dmdropEnv(), encoding });
  const [first] = await engine.share([warm]);
  if (!first?.ok) throw new Error(`warm-up share failed: ${JSON.stringify(first)}`);
  const seconds: number[] = [];
  const bytes: number[] = [];
  return {
    seconds,
    bytes,
    async share(photo: string) {
      const t0 = performance.now();
      const [outcome] = await engine.share([photo]);
      seconds.push((performance.now() - t0) / 1000);
      if (!outcome?.ok) throw new Error(`share failed: ${JSON.stringify(outcome)}`);
      bytes.push(outcome.bytesOut);
    },
    async close() {
      await engine.close();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function slowLink(options: { runs: number; log: (text: string) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'dmdrop-bench-slowlink-'));
  const warm = await cameraPhoto(dir, 100);
  const photos = await Promise.all(Array.from({ length: options.runs }, (_, i) => cameraPhoto(dir, 200 + i)));
  const results = [];
  try {
    for (const link of LINKS) {
      const choices: { choice: string; encoding: EngineDeps['encoding'] }[] = [
        ...JPEG_CANDIDATES.map((c) => ({ choice: label(c), encoding: { jpegEncoder: c.encoder, jpegQuality: c.quality } })),
        { choice: 'adaptive', encoding: 'adaptive' as const },
      ];
      const engines = [];
      for (const c of choices) engines.push({ ...c, run: await engineOnLink(link, c.encoding, warm) });
      // Each photo through every choice in turn, starting with a different one each time and going
      // round the other way every other photo, so a burst of load elsewhere and any effect of
      // going first, or of following mozjpeg's long encode, falls on all alike (a fixed cycle put
      // the adaptive engine after mozjpeg four times in five); the median of the runs is reported.
      for (const [k, photo] of photos.entries()) {
        const n = engines.length;
        for (let j = 0; j < n; j++) await engines[(k + (k % 2 ? n - j : j)) % n]!.run.share(photo);
      }
      for (const e of engines) await e.run.close();
      const fixed = engines.filter((e) => e.choice !== 'adaptive').map((e) => ({ choice: e.choice, seconds: median(e.run.seconds), bytes: e.run.bytes }));
      const adaptiveRun = engines.find((e) => e.choice === 'adaptive')!.run;
      const adaptive = { seconds: median(adaptiveRun.seconds), bytes: adaptiveRun.bytes };
      for (const f of fixed) options.log(`         ${link.uplinkKbps / 1000} Mbit/s, ${link.rttMs} ms: fixed ${f.choice} ${f.seconds.toFixed(3)} s`);
      // Encoding is deterministic: the adaptive run's bytes name the fixed choice it made.
      const chosen = fixed.find((f) => f.bytes.every((b, i) => b === adaptive.bytes[i]));
      const best = fixed.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      results.push({
        uplinkKbps: link.uplinkKbps,
        rttMs: link.rttMs,
        seconds: Number(adaptive.seconds.toFixed(3)),
        bestFixedSeconds: Number(best.seconds.toFixed(3)),
        encoder: chosen?.choice ?? 'mixed',
        bestFixed: best.choice,
        fixed: Object.fromEntries(fixed.map((f) => [f.choice, Number(f.seconds.toFixed(3))])),
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
