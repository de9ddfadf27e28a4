// Closing links: expiry swept in one pass (albums with their photos, then lone photos), one timer
// for the next due link, revoke of an album's photo closing the album, and which provider a pasted
// link belongs to. Against the Dropbox emulator; the timer is held by the test and fired by it.
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { LinkCloser } from '../../../src/core/engine/close-links';
import { providerForUrl } from '../../../src/core/providers/provider-list';
import { openEngine, type Engine } from '../../../src/core/engine/engine';
import { createFileSecretStore } from '../../../src/core/config/file-secret-store';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import type { Clock } from '../../../src/core/ports/clock';
import { createProviderRegistry } from '../../../src/core/providers/provider-registry';
import { Journal } from '../../../src/core/queue/journal';
import { instantClock } from '../../helpers/instant-clock';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let engine: Engine | undefined;
let closer: LinkCloser | undefined;

beforeEach(async () => {
  emu = await startDropboxEmulator();
});
afterEach(async () => {
  await closer?.close();
  await engine?.close();
  closer = engine = undefined;
  await emu.close();
});

async function makeEngine(dataDir?: string, clock = instantClock()) {
  const dir = dataDir ?? (await tempDir());
  engine = await openEngine({ dataDir: dir, settings: await loadFileSettings(dir), secrets: createFileSecretStore(dir), clock, env: emu.dmdropEnv() });
  return { engine, dir };
}

/** A LinkCloser on the journal an engine left (closed first: it held the lock), with a timer the test fires. */
async function closerOn(dir: string, clock: Clock) {
  await engine?.close();
  engine = undefined;
  const journal = await Journal.open(dir, clock.now);
  const settings = await loadFileSettings(dir);
  const providers = createProviderRegistry({ settings: () => settings.get(), secrets: createFileSecretStore(dir), env: emu.dmdropEnv(), clock });
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  closer = new LinkCloser({
    journal,
    providers,
    clock,
    schedule: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  return { closer, journal, timers };
}

async function photos(count: number): Promise<string[]> {
  const dir = await tempDir();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `p${i}.jpg`);
    await sharp({ create: { width: 320 + i, height: 240, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
      .jpeg()
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

describe('closing links', () => {
  it('closes an expiring link when its time comes, and says when that was late', async () => {
    const clock = instantClock();
    const { engine } = await makeEngine(undefined, clock);
    const [a, b] = await photos(2);
    const [soon] = await engine.share([a!], { expiresAt: new Date(clock.now() + 60_000) });
    const [later] = await engine.share([b!], { expiresAt: new Date(clock.now() + 3_600_000) });
    expect(engine.history().find((h) => h.file === a)?.expiresAt).toBe(new Date(clock.now() + 60_000).toISOString());

    await clock.sleep(61_000); // the fake clock moves; nothing waits
    expect(await engine.sweep()).toEqual([expect.objectContaining({ file: a, ok: true, late: false })]);
    await clock.sleep(2 * 3_600_000);
    expect(await engine.sweep()).toEqual([expect.objectContaining({ file: b, ok: true, late: true })]);

    const statuses = Object.fromEntries(engine.history().map((h) => [h.file, [h.status, h.expiredLate]]));
    expect(statuses).toEqual({ [a!]: ['expired', false], [b!]: ['expired', true] });
    for (const outcome of [soon!, later!]) {
      if (!outcome.ok) throw new Error('share failed');
      const direct = outcome.directUrl.replace('https://www.dropbox.com', emu.url);
      // Closed: a stranger gets Dropbox's dead-link page (HTML, often with 200), never the photo.
      expect((await fetch(direct)).headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(await engine.sweep()).toEqual([]);
  });

  it('sweeps an album with its photos and a lone photo in one pass, then arms one timer for the next due link', async () => {
    const clock = instantClock();
    const { engine, dir } = await makeEngine(undefined, clock);
    const [a, b, c, d] = await photos(4);
    const start = clock.now();
    const soon = new Date(start + 120_000);
    const later = new Date(start + 3_600_000);
    const album = await engine.shareAlbum([a!, b!], { name: 'Trip', expiresAt: new Date(start + 90_000) });
    await engine.share([c!], { expiresAt: soon });
    await engine.share([d!], { expiresAt: later });
    if (!album.album.ok) throw new Error('album failed');

    const { closer, journal, timers } = await closerOn(dir, clock);
    closer.scheduleExpiry();
    expect(timers.map((t) => t.ms)).toEqual([Date.parse(album.album.expiresAt!) - clock.now()]); // the next due link, not a poll

    await clock.sleep(soon.getTime() - clock.now() + 1_000);
    timers[0]!.fn();
    const outcomes = await closer.sweep(); // the sweep the timer started
    expect(outcomes).toEqual([
      expect.objectContaining({ file: 'Trip', ok: true, late: false }),
      expect.objectContaining({ file: c, ok: true, late: false }),
    ]);
    expect(journal.albums()[0]).toMatchObject({ status: 'expired', expiredLate: false });
    const statuses = Object.fromEntries(journal.list().map((j) => [j.file, j.status]));
    expect(statuses).toEqual({ [a!]: 'expired', [b!]: 'expired', [c!]: 'expired', [d!]: 'live' });
    expect(timers.at(-1)!.ms).toBe(later.getTime() - clock.now());
    expect(await closer.sweep()).toEqual([]); // nothing is closed twice

    await closer.close();
    const armed = timers.length;
    closer.scheduleExpiry();
    expect(timers.length).toBe(armed); // closed: no timer outlives the lock
    expect(timers.at(-1)!.cancelled).toBe(true);
  });

  it('closes the whole album when one of its photos is revoked: the photo is public through the album', async () => {
    const clock = instantClock();
    const { engine, dir } = await makeEngine(undefined, clock);
    const [a, b] = await photos(2);
    const shared = await engine.shareAlbum([a!, b!], { name: 'Pair' });
    expect(shared.album.ok).toBe(true);
    const { closer, journal } = await closerOn(dir, clock);
    const direct = journal.list().find((j) => j.file === a)!.link!.directUrl;
    expect(await closer.revoke(direct)).toMatchObject({ ok: true });
    expect(journal.albums()[0]?.status).toBe('revoked');
    expect(journal.list().map((j) => j.status)).toEqual(['revoked', 'revoked']);
  });

  it('tells which provider a pasted link belongs to by its host, and refuses what is not ours', () => {
    const codeOf = (url: string) => {
      try {
        return providerForUrl(url, {}).id;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(codeOf('https://www.dropbox.com/scl/fi/abc/p.jpg?rlkey=k&dl=0')).toBe('dropbox');
    expect(codeOf('https://drive.google.com/file/d/1AbCdEf/view')).toBe('drive');
    expect(codeOf('https://example.com/p.jpg')).toBe('LINK_NOT_FOUND');
    expect(codeOf('not a link')).toBe('LINK_NOT_FOUND');
    expect(providerForUrl('http://127.0.0.1:4567/s/x', { DMDROP_DROPBOX_ENDPOINT: 'http://127.0.0.1:4567' }).id).toBe('dropbox');
  });
});
