// How often 30 % injected faults exhaust a photo's retry budget, and that such a photo is never
// silently final: it fails with a code the automatic retry (and `dmdrop resume`) takes up, its
// outcome says so, and the retry then shares it once. Real engine, real emulators, instant clock.
//
//   npm test                        40 photos per provider → test-output/reliability/retry-budget-<provider>.json
//   RETRY_BUDGET_PHOTOS=500 npx vitest run tests/reliability/retry-budget.test.ts
//                                   500 per provider (1 000 in all, the figure in docs/RELIABILITY.md)
//                                   → retry-budget-full-<provider>.json, so a long run never passes for a short one
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { startDriveEmulator } from '../../emulators/google-drive/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine } from '../../src/core/engine/engine';
import type { ShareOutcome } from '../../src/core/engine/engine-events';
import { retryKindOf } from '../../src/shared/retry-kind';
import { instantClock } from '../helpers/instant-clock';
import { noSecrets } from '../helpers/no-secrets';
import { useTempDirs } from '../helpers/temp-dir';
import { recordFigures } from './figures';

const DEFAULT_PHOTOS = 40;
const PHOTOS = Number(process.env.RETRY_BUDGET_PHOTOS ?? DEFAULT_PHOTOS);
const SECTION = PHOTOS > DEFAULT_PHOTOS ? 'retry-budget-full' : 'retry-budget';
const BATCH = 20;
const tempDir = useTempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe.each(['dropbox', 'drive'] as const)('%s: retries run out under 30%% faults', (id) => {
  it(`${PHOTOS} photos: every exhausted one is left for the automatic retry, which shares it once`, async () => {
    const emu = id === 'dropbox' ? await startDropboxEmulator() : await startDriveEmulator();
    closers.push(() => emu.close());
    emu.faults.random({ rate: 0.3, seed: id === 'dropbox' ? 1800 : 1801 });
    const dataDir = await tempDir();
    // The engine's own retry budget: nothing here is tuned.
    const engine = await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, env: emu.dmdropEnv(), clock: instantClock() });
    closers.push(() => engine.close());
    const dir = await tempDir();
    const exhausted: Extract<ShareOutcome, { ok: false }>[] = [];
    const started = performance.now();
    for (let start = 0; start < PHOTOS; start += BATCH) {
      const files = await Promise.all(
        Array.from({ length: Math.min(BATCH, PHOTOS - start) }, async (_, k) => {
          const path = join(dir, `p${start + k}.jpg`);
          await writeFile(path, await sharp({ create: { width: 64 + ((start + k) % 50), height: 48 + Math.floor((start + k) / 50), channels: 3, background: '#777', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer());
          return path;
        }),
      );
      for (const outcome of await engine.share(files, { provider: id })) if (!outcome.ok) exhausted.push(outcome);
    }
    // Each one ran out on the network's account, says it will be retried, and is not final.
    for (const failure of exhausted) {
      expect(retryKindOf(failure.error.code) === 'automatic', `${failure.file}: ${failure.error.code} ${failure.error.message}`).toBe(true);
      expect(failure.resumable).toBe(true);
    }
    // What the app's automatic retry runs (and `dmdrop resume` too), until nothing is left.
    let retries = 0;
    while (engine.history().some((h) => h.status !== 'live') && retries < 10) {
      retries++;
      await engine.resume({ transientOnly: true });
    }
    const history = engine.history();
    expect(history.filter((h) => h.status !== 'live').map((h) => [h.file, h.status, h.error?.code])).toEqual([]);
    const stored = emu.files().filter((f) => f.size > 0);
    expect(stored).toHaveLength(PHOTOS);
    expect(new Set(stored.map((f) => f.sha256)).size).toBe(PHOTOS);
    const codes = [...new Set(exhausted.map((o) => o.error.code))].join(', ') || 'none';
    const seconds = Math.round((performance.now() - started) / 1000);
    await recordFigures(`${SECTION}-${id}`, { faultRate: 0.3, photos: PHOTOS, faultsInjected: emu.faults.injected.length, exhausted: exhausted.length, codes, retryRounds: retries, sharedInTheEnd: history.length, seconds, duplicates: stored.length - new Set(stored.map((f) => f.sha256)).size });
  }, Math.max(600_000, PHOTOS * 6_000));
});
