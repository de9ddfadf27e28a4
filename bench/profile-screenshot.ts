// Profile of one share, stage by stage: where a screenshot's (the latency figure) and a camera
// photo's (the peers figure) time goes, on the same throttled emulator as `npm run bench`.
//
//   npx tsx bench/profile-screenshot.ts [--runs 7] [--png]
//
// 1. The engine's own progress events (queued → optimising → uploading → sharing → verifying →
//    done → clipboard), medians over the runs, for a phone screenshot and a 12 MP camera photo.
// 2. The local pieces of `prepare` timed alone: read + inspect, optimise, staging write, one
//    journal step (append + fdatasync).
// 3. With --png: the screenshot's lossless PNG at each zlib level / filter, CPU ms and bytes, and
//    the total CPU + bytes ÷ uplink at 20 Mbit/s (the choice optimise-image.ts makes).
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type PngOptions } from 'sharp';
import { startDropboxEmulator } from '../emulators/dropbox/server';
import { loadFileSettings } from '../src/core/config/file-settings-store';
import { openEngine } from '../src/core/engine/engine';
import type { JobStage } from '../src/core/engine/engine-events';
import { inspectFile } from '../src/core/intake/inspect-file';
import { optimiseImage } from '../src/core/optimise/optimise-image';
import { Journal } from '../src/core/queue/journal';
import { cameraPhoto, screenshot } from './photos';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, png: { type: 'boolean', default: false } } });
const RUNS = Number(values.runs);
const NET = { rttMs: 40, uplinkKbps: 20_000, downlinkKbps: 100_000 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const STAGES: (JobStage | 'clipboard')[] = ['optimising', 'uploading', 'sharing', 'verifying', 'done', 'clipboard'];

const dir = await mkdtemp(join(tmpdir(), 'dmdrop-prof-'));
const shotPaths: string[] = [];
const photoPaths: string[] = [];
for (let i = 0; i <= RUNS; i++) {
  const shot = join(dir, `Screenshot ${i}.png`);
  await writeFile(shot, await screenshot(400 + i));
  shotPaths.push(shot);
  photoPaths.push(await cameraPhoto(dir, 400 + i));
}

// 1. Stage timestamps through the engine.
const emu = await startDropboxEmulator({ latencyMs: NET.rttMs, uplinkKbps: NET.uplinkKbps, bandwidthKbps: NET.downlinkKbps });
const dataDir = await mkdtemp(join(tmpdir(), 'dmdrop-prof-data-'));
let clipboardAt = 0;
const engine = await openEngine({
  dataDir,
  settings: await loadFileSettings(dataDir),
  secrets: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
  env: emu.dmdropEnv(),
  clipboard: { writeText: () => void (clipboardAt = performance.now()) },
});
async function timeline(file: string): Promise<Record<string, number>> {
  const at: Record<string, number> = {};
  const off = engine.on((e) => {
    if (e.type === 'progress' && at[e.stage] === undefined) at[e.stage] = performance.now();
  });
  const t0 = performance.now();
  const [outcome] = await engine.share([file]);
  off();
  if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
  at.clipboard = clipboardAt;
  return Object.fromEntries(Object.entries(at).map(([k, v]) => [k, v - t0]));
}
await timeline(shotPaths[RUNS]!); // warm: token, connections, sharp
await timeline(photoPaths[RUNS]!);
for (const [kind, paths] of [['screenshot', shotPaths], ['camera photo', photoPaths]] as const) {
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeline(paths[i]!));
  const cells = STAGES.map((s) => `${s} ${Math.round(median(runs.map((r) => r[s] ?? NaN)))}`);
  const gaps = STAGES.slice(1).map((s, k) => `${STAGES[k]}→${s} ${Math.round(median(runs.map((r) => r[s]! - r[STAGES[k]!]!)))}`);
  console.log(`${kind}: ms from share() (medians of ${RUNS}): queued→${cells.join(', ')}`);
  console.log(`  ${gaps.join(', ')}`);
}
await engine.close();
await emu.close();

// 2. The local pieces alone.
const journal = await Journal.open(await mkdtemp(join(tmpdir(), 'dmdrop-prof-journal-')));
await journal.add([{ id: 'j', batchId: 'b', file: 'f', path: '/f', provider: 'dropbox', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), step: 'queued', status: 'pending', attempts: 0, options: { maxEdge: 2048, keepNames: false, template: '{link}' }, nameStem: 'x' }]);
for (const [kind, paths] of [['screenshot', shotPaths], ['camera photo', photoPaths]] as const) {
  const t = { inspect: [] as number[], optimise: [] as number[], stage: [] as number[], journal: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    const image = await inspectFile(paths[i]!);
    t.inspect.push(performance.now() - t0);
    t0 = performance.now();
    const out = await optimiseImage(image);
    t.optimise.push(performance.now() - t0);
    t0 = performance.now();
    await writeFile(join(dir, 'staged.tmp'), out.data);
    await rename(join(dir, 'staged.tmp'), join(dir, 'staged'));
    t.stage.push(performance.now() - t0);
    t0 = performance.now();
    await journal.update('j', { attempts: i });
    t.journal.push(performance.now() - t0);
  }
  console.log(`${kind} alone (medians): ${Object.entries(t).map(([k, v]) => `${k} ${median(v).toFixed(1)} ms`).join(', ')}`);
}

// 3. The screenshot's lossless PNG, level by level.
if (values.png) {
  const image = await inspectFile(shotPaths[0]!);
  const configs: { label: string; options: PngOptions }[] = [];
  for (const compressionLevel of [1, 2, 4, 6, 7, 8, 9]) {
    for (const adaptiveFiltering of compressionLevel === 9 ? [false, true] : [false]) configs.push({ label: `level ${compressionLevel}${adaptiveFiltering ? ' adaptive' : ''}`, options: { compressionLevel, adaptiveFiltering } });
  }
  for (const { label, options } of configs) {
    const cpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      const data = await sharp(image.bytes, { sequentialRead: true }).rotate().resize({ width: 4096, height: 4096, fit: 'inside', withoutEnlargement: true }).toColourspace('srgb').png(options).toBuffer();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      bytes = data.length;
    }
    const wire = (bytes * 8) / NET.uplinkKbps;
    console.log(`png ${label.padEnd(18)} cpu ${median(cpu).toFixed(1).padStart(6)} ms, ${String(bytes).padStart(7)} B, wire ${wire.toFixed(1)} ms, total ${(median(cpu) + wire).toFixed(1)} ms`);
  }
}
await rm(dir, { recursive: true, force: true });
