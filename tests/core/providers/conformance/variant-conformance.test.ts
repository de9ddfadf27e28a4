// The provider contract under every emulator variant: where the real service's behaviour is not
// known for sure, DM Drop must hold under each plausible answer. provider-conformance.test.ts runs
// the whole contract against the default (real-shape) emulators; running all of it again per
// variant would take minutes on two cores, so each variant gets the part of the contract it can
// change: a shared photo and an album are verified as strangers see them and really closed by a
// revoke, or, where an organisation's policy refuses links anyone can open, sharing fails with that
// policy's own code and sentence and leaves nothing public.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { variants as dropboxVariants } from '../../../../emulators/dropbox/variants';
import { variants as driveVariants } from '../../../../emulators/google-drive/variants';
import { openEngine } from '../../../../src/core/engine/engine';
import { strangerStillGets } from '../../../../src/core/links/link-probe';
import { createProviderRegistry } from '../../../../src/core/providers/provider-registry';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';
import { useTempDirs } from '../../../helpers/temp-dir';
import { closeAfterEach } from '../../../helpers/close-after-each';
import { HARNESSES, type HarnessOptions } from './harnesses';

/** Variants under which a link anyone can open is refused by policy, and the code DM Drop must answer. */
const REFUSES: Record<string, { code: string; says: RegExp }> = {
  'dropbox-team-only-links': { code: 'TEAM_ONLY_LINKS', says: /team’s sharing policy.*team-only/ },
  'dropbox-team-refuses-settings': { code: 'PUBLIC_LINKS_FORBIDDEN', says: /organisation does not allow links that anyone can open/ },
  'dropbox-team-access-denied': { code: 'PUBLIC_LINKS_FORBIDDEN', says: /organisation does not allow links that anyone can open/ },
  'drive-domain-forbids-anyone': { code: 'PUBLIC_LINKS_FORBIDDEN', says: /organisation does not allow links that anyone can open/ },
  'drive-shared-drive-refuses-anyone': { code: 'SHARED_DRIVE_FORBIDS_LINKS', says: /shared drive/ },
};

/** Variants of the sign-in flow only: the sharing contract does not change under them. */
const AUTH_ONLY = new Set(['dropbox-redirect-any-loopback-port']);

type Case = ['dropbox' | 'drive', string, HarnessOptions['emulator']];
const cases: Case[] = [
  ...Object.entries(dropboxVariants).filter(([name]) => !AUTH_ONLY.has(name)).map(([name, v]): Case => ['dropbox', name, v.options]),
  ...Object.entries(driveVariants).map(([name, v]): Case => ['drive', name, v.options]),
];

const tempDir = useTempDirs();
const closing = closeAfterEach();

async function photoFiles(count: number): Promise<string[]> {
  const dir = await tempDir();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const path = join(dir, `photo-${i}.jpg`);
      await writeFile(path, await sharp({ create: { width: 200 + i, height: 150, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer());
      return path;
    }),
  );
}

describe.each(cases)('%s conformance under emulator variant %s', (id, variant, emulator) => {
  async function start() {
    // One clock for the engine and the emulator: a re-check "after a few seconds" passes emulator time too.
    const clock = instantClock();
    const harness = closing(await HARNESSES[id]({ emulator, now: clock.now }));
    const settings = { ...defaultSettings(), defaultProvider: id };
    const engine = closing(await openEngine({
      dataDir: await tempDir(),
      settings: { get: () => settings, set: async () => settings } as never,
      secrets: noSecrets,
      clock,
      env: harness.env,
      retry: { maxAttempts: 3 },
    }));
    const provider = await createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: harness.env, clock }).get(id);
    return { engine, provider, h: harness, clock };
  }

  const refusal = REFUSES[variant];
  if (refusal) {
    it('refuses to share with the policy’s own code and sentence, and leaves nothing public', async () => {
      const { engine, h } = await start();
      const [file] = await photoFiles(1);
      const [outcome] = await engine.share([file!]);
      expect(outcome).toMatchObject({ ok: false, error: { code: refusal.code, message: expect.stringMatching(refusal.says) } });
      const album = await engine.shareAlbum(await photoFiles(2));
      expect(album.album).toMatchObject({ ok: false });
      expect(engine.history().filter((e) => e.status === 'live')).toEqual([]);
      expect(h.stored().length).toBeGreaterThan(0); // the upload itself worked: only the link was refused
    });
    return;
  }

  it('shares a photo and an album that strangers get, and a revoke really closes both', async () => {
    const { engine, provider, clock } = await start();
    const [file] = await photoFiles(1);
    const [outcome] = await engine.share([file!]);
    if (!outcome?.ok) throw new Error(`share failed: ${JSON.stringify(outcome)}`);
    expect(await strangerStillGets(provider, outcome.directUrl)).toBe(true);
    const album = await engine.shareAlbum(await photoFiles(2), { name: 'Variant' });
    if (!album.album.ok) throw new Error(`album failed: ${JSON.stringify(album.album)}`);
    expect(await strangerStillGets(provider, album.album.url)).toBe(true);

    const sleepsBefore = clock.sleeps.length;
    expect(await engine.revoke(outcome.url)).toMatchObject({ ok: true });
    expect(await engine.revoke(album.album.url)).toMatchObject({ ok: true });
    expect(await strangerStillGets(provider, outcome.directUrl)).toBe(false);
    expect(await strangerStillGets(provider, outcome.url)).toBe(false);
    expect(await strangerStillGets(provider, album.album.url)).toBe(false);
    // A removal that lags on the serving hosts was waited for on the clock, never by sleeping for real.
    const waited = clock.sleeps.slice(sleepsBefore).reduce((a, b) => a + b, 0);
    if (emulator?.permissionLagMs) expect(waited).toBeGreaterThanOrEqual(emulator.permissionLagMs);
    else expect(waited).toBe(0);
  });
});
