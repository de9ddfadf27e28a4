// A flaky network, for both providers: 30% of API calls fail with a seeded mix of 429 with
// Retry-After, 5xx, dropped connections and expired tokens (what `npm run emulator -- --faults 0.3`
// injects), yet every good photo of a mixed batch is shared once and verified, and the bad ones fail
// with their own error.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine/engine';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { startDriveEmulator } from '../../emulators/google-drive/server';
import { instantClock } from '../helpers/instant-clock';
import { useTempDirs } from '../helpers/temp-dir';
import { recordFigures } from './figures';
import { noSecrets } from '../helpers/no-secrets';

const tempDir = useTempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function emulatorWithFaults(id: 'dropbox' | 'drive', seed: number) {
  if (id === 'dropbox') {
    const emu = await startDropboxEmulator();
    emu.faults.random({ rate: 0.3, seed });
    closers.push(() => emu.close());
    return { env: emu.dmdropEnv(), files: () => emu.files(), injected: () => emu.faults.injected.length };
  }
  const emu = await startDriveEmulator();
  emu.faults.random({ rate: 0.3, seed });
  closers.push(() => emu.close());
  return {
    env: emu.dmdropEnv(),
    files: () => emu.files(),
    injected: () => emu.faults.injected.length,
  };
}

// `npm run test:soak` runs many seeds; `npm test` one per provider.
const SEEDS = process.env.DMDROP_SOAK ? Array.from({ length: 25 }, (_, i) => 100 + i) : [7];

describe.each(['dropbox', 'drive'] as const)('%s under 30%% injected faults', (id) => {
  it.each(SEEDS)('shares every good photo of a mixed batch exactly once, verified (seed %i)', async (base) => {
    const seed = id === 'dropbox' ? base : base + 4;
    const emu = await emulatorWithFaults(id, seed);
    const dataDir = await tempDir();
    const settings = await loadFileSettings(dataDir);
    const engine: Engine = await openEngine({ dataDir, settings, secrets: noSecrets, env: emu.env, clock: instantClock(), retry: { maxAttempts: 8 } });
    closers.push(() => engine.close());
    const dir = await tempDir();
    const good = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const path = join(dir, `p${i}.jpg`);
        await writeFile(path, await sharp({ create: { width: 300 + i, height: 200, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
        return path;
      }),
    );
    await writeFile(join(dir, 'bad.jpg'), 'not an image');
    const outcomes = await engine.share([...good, join(dir, 'bad.jpg')], { provider: id });
    const failures = outcomes.filter((o) => !o.ok);
    expect(failures.map((o) => [o.file, !o.ok && o.error.code])).toEqual([[join(dir, 'bad.jpg'), 'NOT_AN_IMAGE']]);
    expect(outcomes.filter((o) => o.ok && o.verified)).toHaveLength(10);
    const stored = emu.files().filter((f) => f.size > 0);
    expect(stored).toHaveLength(10); // none lost, none twice
    expect(new Set(stored.map((f) => f.sha256)).size).toBe(10);
    expect(emu.injected()).toBeGreaterThan(5);
    if (!process.env.DMDROP_SOAK) await recordFigures(`faults-${id}`, { faultRate: 0.3, seed, photos: 10, faultsInjected: emu.injected(), shared: 10, lost: 0, duplicates: 0 });
  });
});
