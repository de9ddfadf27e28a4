// A revoke is proven by what a stranger gets afterwards, asked again while a removal spreads to the
// serving hosts, and reported as REVOKE_FAILED only when the photo still comes after that.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/core/engine/engine';
import { CLOSE_RECHECK_DELAYS_MS } from '../../../src/core/links/link-probe';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';
import { closeAfterEach } from '../../helpers/close-after-each';
import { HARNESSES } from '../providers/conformance/harnesses';

const tempDir = useTempDirs();
const closing = closeAfterEach();

async function shareOne(permissionLagMs: number) {
  const clock = instantClock();
  const harness = closing(await HARNESSES.drive({ now: clock.now, emulator: { permissionLagMs } }));
  const settings = { ...defaultSettings(), defaultProvider: 'drive' as const };
  const engine = closing(await openEngine({ dataDir: await tempDir(), settings: { get: () => settings, set: async () => settings } as never, secrets: noSecrets, clock, env: harness.env }));
  const file = join(await tempDir(), 'p.jpg');
  await writeFile(file, await sharp({ create: { width: 80, height: 60, channels: 3, background: '#224466' } }).jpeg().toBuffer());
  const [outcome] = await engine.share([file]);
  if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
  return { clock, engine, outcome };
}

describe('proving a revoke', () => {
  it('waits on the clock for a removal that takes seconds to spread, then reports it closed', async () => {
    const { clock, engine, outcome } = await shareOne(3_000);
    const before = clock.sleeps.length;
    expect(await engine.revoke(outcome.url)).toMatchObject({ ok: true });
    expect(clock.sleeps.slice(before)).toEqual([2_000, 4_000]);
  });

  it('reports REVOKE_FAILED when strangers still get the photo after every re-check', async () => {
    const total = CLOSE_RECHECK_DELAYS_MS.reduce((a, b) => a + b, 0);
    const { clock, engine, outcome } = await shareOne(total + 60_000);
    const before = clock.sleeps.length;
    expect(await engine.revoke(outcome.url)).toMatchObject({ ok: false, error: { code: 'REVOKE_FAILED' } });
    expect(clock.sleeps.slice(before)).toEqual([...CLOSE_RECHECK_DELAYS_MS]);
    expect(engine.history()[0]?.status).toBe('live');
  });
});
