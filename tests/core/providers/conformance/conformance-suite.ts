// The provider contract, as a suite any provider descriptor runs: the same tests, through the
// provider's official SDK, against its loopback emulator. provider-conformance.test.ts runs it for
// every provider in the built-in list; third-provider.test.ts for one added through the list alone.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../../../src/core/engine/engine';
import { verifyLink } from '../../../../src/core/links/verify-link';
import { linkStillOpens, strangerStillGets } from '../../../../src/core/links/link-probe';
import { createProviderRegistry } from '../../../../src/core/providers/provider-registry';
import type { Provider } from '../../../../src/core/providers/provider';
import type { ProviderDescriptor, ProviderEntry } from '../../../../src/core/providers/provider-descriptor';
import { defaultSettings, type ProviderId } from '../../../../src/shared/settings-schema';
import { DmDropError } from '../../../../src/shared/errors';
import { instantClock } from '../../../helpers/instant-clock';
import { useTempDirs } from '../../../helpers/temp-dir';
import { closeAfterEach } from '../../../helpers/close-after-each';
import type { Harness, HarnessOptions } from './harnesses';
import { noSecrets } from '../../../helpers/no-secrets';

const tempDir = useTempDirs();
const closing = closeAfterEach();
/** The harness the running test started (the suite's provider lookups point at its emulator). */
let current: Harness | undefined;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function photo(seed: number, width = 320): Promise<Buffer> {
  return sharp({ create: { width: width + seed, height: 240, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function photoFiles(count: number, names?: string[]): Promise<string[]> {
  const dir = await tempDir();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const path = join(dir, names?.[i] ?? `photo-${i}.jpg`);
      await writeFile(path, await photo(i));
      return path;
    }),
  );
}

/** A provider to test: its descriptor, the harness of its emulator, and the list it is found in. */
export interface ConformanceSubject {
  descriptor: ProviderDescriptor;
  harness: (options?: HarnessOptions) => Promise<Harness>;
  /** The provider list the registry and the engine look it up in (the built-in one by default). */
  providers?: readonly ProviderEntry[];
}

export function describeProviderConformance(subject: ConformanceSubject): void {
describe(`${subject.descriptor.id} provider conformance`, () => {
  const id = subject.descriptor.id;
  const providers = subject.providers;
  const clock = instantClock();

  async function start(options: HarnessOptions = {}): Promise<{ h: Harness; provider: Provider }> {
    const harness = (current = closing(await subject.harness(options)));
    const registry = createProviderRegistry({
      settings: defaultSettings,
      secrets: noSecrets,
      env: harness.env,
      clock,
      providers,
      retry: { maxAttempts: 4 },
      dropboxChunkThreshold: 300_000,
      dropboxChunkSize: 256 * 1024,
      driveResumableThreshold: 300_000,
      driveChunkSize: 256 * 1024,
    });
    return { h: harness, provider: await registry.get(id) };
  }

  async function startEngine(options: HarnessOptions = {}, engineClock = clock) {
    const harness = (current = closing(await subject.harness(options)));
    const dir = await tempDir();
    const settings = { ...defaultSettings(), defaultProvider: id as ProviderId };
    const engine = closing(await openEngine({
      dataDir: dir,
      settings: { get: () => settings, set: async () => settings } as never,
      secrets: noSecrets,
      clock: engineClock,
      env: harness.env,
      providers,
      retry: { maxAttempts: 4 },
    }));
    return { h: harness, engine };
  }

  async function registryProvider(): Promise<Provider> {
    return createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: current!.env, clock, providers }).get(id);
  }

  async function uploadAndShare(provider: Provider, data: Buffer, name = 'dmdrop-abc123.jpg') {
    const remote = await provider.upload({ data, remotePath: provider.remotePathFor(name), mime: 'image/jpeg' });
    const link = await provider.createLink(remote);
    return { remote, link };
  }

  it('uploads, shares view-only and public, and the link serves the exact bytes to a stranger', async () => {
    const { h, provider } = await start();
    const data = await photo(1);
    const progress: number[] = [];
    const remote = await provider.upload({ data, remotePath: provider.remotePathFor('dmdrop-k2j4.jpg'), mime: 'image/jpeg', onProgress: (sent) => progress.push(sent) });
    expect(remote.size).toBe(data.length);
    expect(progress.at(-1)).toBe(data.length);
    const link = await provider.createLink(remote);
    expect(link).toMatchObject({ access: 'viewer', audience: 'public' });
    await verifyLink({ url: link.url, directUrl: link.directUrl, expected: { sha256: sha256(data), size: data.length }, fetch: provider.anonymousFetch });
    expect(h.stored().map((f) => f.sha256)).toEqual([sha256(data)]);
  });

  it('uploads a large photo in chunks and reuses an earlier upload instead of sending it twice', async () => {
    const { h, provider } = await start();
    const data = Buffer.concat([await photo(2, 1600), Buffer.alloc(700_000, 7)]);
    const remotePath = provider.remotePathFor('dmdrop-big.jpg');
    expect(await provider.findExisting(remotePath, data)).toBeUndefined();
    const remote = await provider.upload({ data, remotePath, mime: 'image/jpeg' });
    const again = await provider.findExisting(remotePath, data);
    expect(again?.id ?? again?.path).toBe(remote.id ?? remote.path);
    expect(await provider.findExisting(remotePath, Buffer.from('other bytes'))).toBeUndefined();
    expect(h.stored()).toHaveLength(1);
    expect(h.stored()[0]!.sha256).toBe(sha256(data));
  });

  it('resumes a chunked upload interrupted mid-chunk from what the server really holds', async () => {
    const { h, provider } = await start();
    h.interruptChunk(2);
    const data = Buffer.concat([await photo(14, 1200), Buffer.alloc(1_200_000, 3)]);
    const progress: number[] = [];
    const remote = await provider.upload({ data, remotePath: provider.remotePathFor('dmdrop-chunks.jpg'), mime: 'image/jpeg', onProgress: (sent) => progress.push(sent) });
    expect(h.injected()).toBe(2);
    expect(remote.size).toBe(data.length);
    expect(progress.at(-1)).toBe(data.length);
    expect(h.stored().map((f) => f.sha256)).toEqual([sha256(data)]);
  });

  it('revokes: the link stops opening for strangers, and revoking again is not an error', async () => {
    const { provider } = await start();
    const { link } = await uploadAndShare(provider, await photo(3));
    expect(await strangerStillGets(provider, link.directUrl)).toBe(true);
    await provider.revoke(link.url);
    expect(await strangerStillGets(provider, link.directUrl)).toBe(false);
    expect(await strangerStillGets(provider, link.url)).toBe(false);
    await provider.revoke(link.url);
  });

  it('deletes a file from the storage: it is gone and its link no longer opens; deleting again is fine', async () => {
    const { h, provider } = await start();
    const { remote, link } = await uploadAndShare(provider, await photo(15));
    await provider.deleteFile(remote);
    expect(h.stored()).toHaveLength(0);
    expect(await strangerStillGets(provider, link.directUrl)).toBe(false);
    await provider.deleteFile(remote);
  });

  it('keeps colliding names apart: two different photos under one name are both stored and linked', async () => {
    const { h, provider } = await start();
    const [a, b] = [await photo(4), await photo(5)];
    const first = await uploadAndShare(provider, a, 'same.jpg');
    const second = await uploadAndShare(provider, b, 'same.jpg');
    expect(first.link.url).not.toBe(second.link.url);
    expect(h.stored().map((f) => f.sha256).sort()).toEqual([sha256(a), sha256(b)].sort());
    await verifyLink({ url: second.link.url, directUrl: second.link.directUrl, expected: { sha256: sha256(b), size: b.length }, fetch: provider.anonymousFetch });
  });

  it('handles unicode names end to end', async () => {
    const { h, provider } = await start();
    const data = await photo(6);
    const { link } = await uploadAndShare(provider, data, 'Café 東京 🌅 «déjà».jpg');
    await verifyLink({ url: link.url, directUrl: link.directUrl, expected: { sha256: sha256(data), size: data.length }, fetch: provider.anonymousFetch });
    expect(h.stored()[0]!.path).toContain('Café 東京 🌅 «déjà».jpg');
  });

  it('retries rate limits, server errors and dropped connections, and still stores the photo once', async () => {
    const { h, provider } = await start();
    h.fault('rate-limit', 'upload', 1);
    h.fault('server-error', 'upload', 1);
    h.fault('dropped', 'upload', 1);
    h.fault('rate-limit', 'share', 1);
    const data = await photo(7);
    const { link } = await uploadAndShare(provider, data);
    expect(h.injected()).toBe(4);
    expect(link.access).toBe('viewer');
    expect(h.stored()).toHaveLength(1);
    expect(h.calls('upload')).toBeGreaterThanOrEqual(4);
  });

  it('never uploads twice when the answer to an upload is lost', async () => {
    const { h, provider } = await start();
    h.fault('lost-response', 'upload', 1);
    const data = await photo(8);
    await uploadAndShare(provider, data);
    expect(h.injected()).toBe(1);
    expect(h.stored().filter((f) => f.sha256 === sha256(data))).toHaveLength(1);
  });

  it('refreshes an access token that expired mid-session, and explains a revoked sign-in', async () => {
    const { h, provider } = await start();
    await uploadAndShare(provider, await photo(9), 'one.jpg');
    h.expireAccessTokens();
    await uploadAndShare(provider, await photo(10), 'two.jpg');
    expect(h.stored()).toHaveLength(2);
    h.revokeAllTokens();
    const error = await provider.upload({ data: await photo(11), remotePath: provider.remotePathFor('three.jpg'), mime: 'image/jpeg' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DmDropError);
    expect((error as DmDropError).code).toMatch(/^AUTH_(EXPIRED|REVOKED)$/);
    expect((error as DmDropError).message).toMatch(/dmdrop login/);
  });

  it('reports a full account clearly and does not retry it', async () => {
    const { h, provider } = await start({ quotaBytes: 1000 });
    const error = await provider.upload({ data: await photo(12), remotePath: provider.remotePathFor('big.jpg'), mime: 'image/jpeg' }).catch((e: unknown) => e);
    expect((error as DmDropError).code).toBe('QUOTA_EXCEEDED');
    expect((error as DmDropError).message).toMatch(/full/);
    expect(h.calls('upload')).toBe(1);
    expect(h.stored()).toHaveLength(0);
  });

  it('shares an album: one verified folder link listing every photo; a bad file does not block it', async () => {
    const { engine } = await startEngine();
    const files = await photoFiles(3);
    const notAPhoto = join(await tempDir(), 'notes.jpg');
    await writeFile(notAPhoto, 'not an image');
    const result = await engine.shareAlbum([...files, notAPhoto], { name: 'Trip 🌊', caption: 'Beach day' });
    expect(result.album).toMatchObject({ album: 'Trip 🌊', ok: true, count: 3 });
    if (!result.album.ok) throw new Error('album failed');
    expect(result.album.dm).toContain('3 photos');
    expect(result.album.dm).toContain(result.album.url);
    expect(result.members.filter((m) => m.ok)).toHaveLength(3);
    expect(result.members.find((m) => m.file === notAPhoto)).toMatchObject({ ok: false, error: { code: 'NOT_AN_IMAGE' } });
    const provider = await createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: current!.env, clock, providers }).get(id);
    const history = engine.history().filter((e) => e.status === 'live');
    expect(history).toHaveLength(3);
    expect(history.every((e) => e.album === 'Trip 🌊' && e.url === (result.album.ok && result.album.url))).toBe(true);
    // The album link opens for a stranger (what it serves was proven by provider.verifyAlbum).
    const jobs = history.map((e) => e.id);
    expect(jobs).toHaveLength(3);
    expect(await strangerStillGets(provider, result.album.url)).toBe(true);

    const revoked = await engine.revoke(result.album.url);
    expect(revoked.ok).toBe(true);
    expect(await strangerStillGets(provider, result.album.url)).toBe(false);
    expect(engine.history().filter((e) => e.album).every((e) => e.status !== 'live')).toBe(true);
  });

  it('proves an album through its link as a stranger: every photo byte-exact; a missing or altered one fails', async () => {
    const { h, provider } = await start();
    const album = await provider.createAlbum('Check', 'album-key-1');
    const data = await photo(13);
    const remote = await provider.upload({ data, remotePath: provider.remotePathFor('dmdrop-in-album.jpg', album), mime: 'image/jpeg' });
    const link = await provider.createLink(album);
    const member = { name: 'dmdrop-in-album.jpg', sha256: sha256(data), size: data.length, ...(remote.id ? { id: remote.id } : {}) };
    await provider.verifyAlbum(link, [member]);
    const missing = { ...member, name: 'dmdrop-missing.jpg', id: 'id-of-a-photo-not-there' };
    await expect(provider.verifyAlbum(link, [member, missing])).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', message: /dmdrop-missing\.jpg/ });
    h.breakLinkBytes();
    await expect(provider.verifyAlbum(link, [member])).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: false, message: /different bytes/ });
    h.fixLinkBytes();
    await provider.revoke(link.url);
    await expect(provider.verifyAlbum(link, [member])).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED' });
  });

  it.each([3, 60])('shares an album of %i photos under their own names with \' & < > = " in them, proven through its link', async (count) => {
    const { h, engine } = await startEngine();
    const names = Array.from({ length: count }, (_, i) => `${i} it's <me> & "you" a=b.jpg`);
    const files = await photoFiles(count, names);
    const result = await engine.shareAlbum(files, { name: `Names ${count}`, keepNames: true });
    if (!result.album.ok) throw new Error(`album failed: ${JSON.stringify(result.album)}`);
    expect(result.album.count).toBe(count);
    expect(result.members.filter((m) => m.ok)).toHaveLength(count);
    // Stored under the names people gave them (only what providers refuse, < > ", replaced).
    const stored = h.stored().map((f) => f.path.split('/').pop()).sort();
    expect(stored).toEqual(names.map((n) => n.replace(/[<>"]/g, '_')).sort());
    expect(await linkStillOpens((await registryProvider()).anonymousFetch, result.album.url)).toBe(true);
  });

  it('keeps a delivered album link when a later check fails, says so, and adds the waiting photo once a check passes', async () => {
    const { h, engine } = await startEngine();
    const [first, second] = await photoFiles(2);
    const day = await engine.shareAlbum([first!], { key: 'watch:/drop:2026-12-01', name: 'DM Drop 2026-12-01' });
    if (!day.album.ok) throw new Error(`album failed: ${JSON.stringify(day.album)}`);
    const firstEntry = engine.history().find((e) => e.file === first)!;

    h.breakLinkBytes(); // the check of the joining photo fails: the link serves wrong bytes
    const later = await engine.shareAlbum([second!], { key: 'watch:/drop:2026-12-01', name: 'DM Drop 2026-12-01' });
    expect(later.album).toMatchObject({ ok: false, error: { code: 'LINK_NOT_VERIFIED', message: expect.stringMatching(/did not close the album link/) } });
    expect(later.members).toEqual([expect.objectContaining({ file: second, ok: false })]);
    h.fixLinkBytes();
    // The link people already have was not closed: it still opens and still serves the first photo.
    const provider = await registryProvider();
    expect(await linkStillOpens(provider.anonymousFetch, day.album.url)).toBe(true);
    expect(await linkStillOpens(provider.anonymousFetch, firstEntry.directUrl!)).toBe(true);
    expect(engine.history().find((e) => e.file === first)).toMatchObject({ status: 'live', url: day.album.url });

    // A later check passes: the waiting photo joins the same link.
    const resumed = await engine.resume();
    expect(resumed).toEqual([expect.objectContaining({ file: second, ok: true, url: day.album.url })]);
    expect(engine.history().filter((e) => e.status === 'live').map((e) => e.url)).toEqual([day.album.url, day.album.url]);
  });

  it('revokes a brand-new album link whose first check fails, before anyone sees it', async () => {
    const { h, engine } = await startEngine();
    h.breakLinkBytes();
    const closedBefore = h.linksClosed();
    const result = await engine.shareAlbum(await photoFiles(2), { name: 'Never seen' });
    expect(result.album).toMatchObject({ ok: false, error: { code: 'LINK_NOT_VERIFIED' } });
    expect(engine.history().every((e) => e.status === 'failed' && !e.url)).toBe(true);
    expect(h.linksClosed()).toBeGreaterThan(closedBefore); // closed at the provider, not only forgotten
  });

  it('expires links on time on every provider: the sweep revokes them and history says so', async () => {
    const engineClock = instantClock();
    const { engine } = await startEngine({}, engineClock);
    const [file] = await photoFiles(1);
    const [outcome] = await engine.share([file!], { expiresAt: new Date(engineClock.now() + 10 * 60_000) });
    if (!outcome?.ok) throw new Error(`share failed: ${JSON.stringify(outcome)}`);
    const album = await engine.shareAlbum(await photoFiles(2), { expiresAt: new Date(engineClock.now() + 10 * 60_000) });
    if (!album.album.ok) throw new Error('album failed');
    const provider = await createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: current!.env, clock, providers }).get(id);
    expect(await strangerStillGets(provider, outcome.directUrl)).toBe(true);

    expect(await engine.sweep()).toEqual([]);
    await engineClock.sleep(10 * 60_000 + 500); // the timer's moment (a timer, not a test, waits in real use)
    const swept = await engine.sweep();
    expect(swept.map((s) => [s.ok, s.late])).toEqual([
      [true, false],
      [true, false],
    ]);
    expect(await strangerStillGets(provider, outcome.directUrl)).toBe(false);
    expect(await strangerStillGets(provider, album.album.url)).toBe(false);
    const entries = engine.history();
    expect(entries.map((e) => [e.status, e.expiredLate, Boolean(e.expiresAt)])).toEqual([
      ['expired', false, true],
      ['expired', false, true],
      ['expired', false, true],
    ]);
  });
});
}
