// The engine in-process against the emulator: the pipeline, events, resume, and what happens to a
// link that fails verification.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { openEngine, type Engine } from '../../../src/core/engine/engine';
import type { EngineEvent } from '../../../src/core/engine/engine-events';
import { createFileSecretStore } from '../../../src/core/config/file-secret-store';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { Journal } from '../../../src/core/queue/journal';
import { instantClock } from '../../helpers/instant-clock';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let engine: Engine | undefined;

beforeEach(async () => {
  emu = await startDropboxEmulator();
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  await emu.close();
});

async function makeEngine(dataDir?: string, clock = instantClock()) {
  const dir = dataDir ?? (await tempDir());
  engine = await openEngine({
    dataDir: dir,
    settings: await loadFileSettings(dir),
    secrets: createFileSecretStore(dir),
    clock,
    env: emu.dmdropEnv(),
  });
  return { engine, dir };
}

async function photos(count: number): Promise<string[]> {
  const dir = await tempDir();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `p${i}.jpg`);
    await sharp({ create: { width: 640 + i, height: 480, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
      .jpeg()
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

describe('engine', () => {
  it('shares a batch through every stage and reports progress in order', async () => {
    const { engine } = await makeEngine();
    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    const files = await photos(5);
    const outcomes = await engine.share(files);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(emu.files()).toHaveLength(5);
    const stages = events.filter((e) => e.type === 'progress' && e.file === files[0]).map((e) => (e as { stage: string }).stage);
    expect(stages.filter((s, i) => s !== stages[i - 1])).toEqual(['queued', 'optimising', 'uploading', 'sharing', 'verifying', 'done']);
    expect(engine.history().map((h) => h.status)).toEqual(Array(5).fill('live'));
  });

  it('revokes a link that serves other bytes and reports the job failed', async () => {
    const { engine } = await makeEngine();
    const [file] = await photos(1);
    // Every file of ours will be served wrong: the verifier must refuse and close the link.
    emu.misbehave.allLinksServeWrongBytes();
    const [outcome] = await engine.share([file!]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'LINK_NOT_VERIFIED' } });
    expect(emu.requests.some((r) => r.route === 'sharing/revoke_shared_link' && r.status === 200)).toBe(true);
    expect(engine.history()[0]).toMatchObject({ status: 'failed', url: undefined });
  });

  it('closes the link it asked for while journaling the upload, when that write fails', async () => {
    const { engine } = await makeEngine();
    const [file] = await photos(1);
    // The link is requested while the upload is being journaled; a write that fails (a full disk)
    // must not leave a public link the journal never recorded.
    const update = Journal.prototype.update;
    const failing = vi.spyOn(Journal.prototype, 'update').mockImplementation(function (this: Journal, id, patch) {
      return patch.step === 'uploaded' ? Promise.reject(new Error('no space left on device')) : update.call(this, id, patch);
    });
    try {
      const [outcome] = await engine.share([file!]);
      expect(outcome).toMatchObject({ ok: false });
    } finally {
      failing.mockRestore();
    }
    const made = emu.requests.filter((r) => r.route === 'sharing/create_shared_link_with_settings' && r.status === 200).length;
    const revoked = emu.requests.filter((r) => r.route === 'sharing/revoke_shared_link' && r.status === 200).length;
    expect(made).toBe(1);
    expect(revoked).toBe(made);
  });

  it('resumes pending jobs from the journal with no second upload', async () => {
    const { engine: first, dir } = await makeEngine();
    const [file] = await photos(1);
    await first.share([file!]);
    // Rewind the job to "optimised" as if the process had died right after uploading but before
    // the journal recorded it: the bytes are on Dropbox, the journal does not know.
    await first.close();
    engine = undefined;
    const journal = await Journal.open(dir);
    const job = journal.all()[0]!;
    await journal.update(job.id, { step: 'optimised', status: 'pending', remote: undefined, link: undefined });
    // staged file is gone after verification: write it back as it was
    await writeFile(job.output!.stagedPath, Buffer.from(await emu.fileContents()[0]!));
    const uploadsBefore = emu.requests.filter((r) => r.route === 'files/upload').length;
    const { engine: second } = await makeEngine(dir);
    const outcomes = await second.resume();
    expect(outcomes).toEqual([expect.objectContaining({ ok: true })]);
    expect(emu.requests.filter((r) => r.route === 'files/upload').length).toBe(uploadsBefore);
    expect(emu.files()).toHaveLength(1);
  });

  it('joins jobs already running when resume is called mid-batch: each photo uploads once', async () => {
    const { engine } = await makeEngine();
    const files = await photos(3);
    const uploading = new Promise<void>((resolve) => engine.on((e) => e.type === 'progress' && e.stage === 'uploading' && resolve()));
    const outcomes: string[] = [];
    engine.on((e) => e.type === 'outcome' && outcomes.push(e.outcome.file));
    const batch = engine.share(files);
    await uploading;
    const [shared, resumed] = await Promise.all([batch, engine.resume()]);
    expect(shared.every((o) => o.ok)).toBe(true);
    expect(resumed.map((o) => o.jobId).sort()).toEqual(shared.map((o) => o.jobId).sort());
    expect(emu.requests.filter((r) => r.route === 'files/upload')).toHaveLength(3);
    expect(emu.requests.filter((r) => r.route === 'sharing/create_shared_link_with_settings')).toHaveLength(3);
    expect(outcomes.sort()).toEqual([...files].sort()); // one outcome per photo: nothing ran twice
    expect(emu.files()).toHaveLength(3);
  });

  it('adds photos to an album that is still being shared, each uploaded once, the album re-proven', async () => {
    const { engine } = await makeEngine();
    const files = await photos(3);
    const queued = new Promise<void>((resolve) => engine.on((e) => e.type === 'progress' && e.stage === 'queued' && resolve()));
    const first = engine.shareAlbum(files.slice(0, 2), { key: 'day' });
    await queued;
    const second = engine.shareAlbum(files.slice(2), { key: 'day' });
    const [a, b] = await Promise.all([first, second]);
    // The first run may or may not have seen the third photo yet; the last one includes it.
    expect(a.album.ok && [2, 3].includes(a.album.count)).toBe(true);
    expect(b.album).toMatchObject({ ok: true, count: 3 });
    expect(b.album.ok && a.album.ok && b.album.url === a.album.url).toBe(true);
    expect(emu.requests.filter((r) => r.route === 'files/upload')).toHaveLength(3);
    expect(emu.files()).toHaveLength(3);
  });

  it('makes one album of two calls for the same key made at once', async () => {
    const { engine } = await makeEngine();
    const files = await photos(2);
    const [a, b] = await Promise.all([engine.shareAlbum([files[0]!], { key: 'day' }), engine.shareAlbum([files[1]!], { key: 'day' })]);
    expect(a.album.ok && b.album.ok && a.album.albumId === b.album.albumId).toBe(true);
    expect(b.album).toMatchObject({ count: 2 });
    expect(emu.requests.filter((r) => r.route === 'files/create_folder_v2')).toHaveLength(1);
  });

  it('joins an album already running when resume is called: each photo uploads once', async () => {
    const { engine } = await makeEngine();
    const files = await photos(2);
    const uploading = new Promise<void>((resolve) => engine.on((e) => e.type === 'progress' && e.stage === 'uploading' && resolve()));
    const album = engine.shareAlbum(files, { name: 'Trip' });
    await uploading;
    const [shared, resumed] = await Promise.all([album, engine.resume()]);
    expect(shared.album).toMatchObject({ ok: true, count: 2 });
    expect(resumed.every((o) => o.ok)).toBe(true);
    expect(emu.requests.filter((r) => r.route === 'files/upload')).toHaveLength(2);
    expect(emu.requests.filter((r) => r.route === 'sharing/create_shared_link_with_settings')).toHaveLength(1);
  });
});
