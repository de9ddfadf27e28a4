// A job's staged copy (<data dir>/staging: the optimised, cleaned photo) lives exactly as long as a
// job may still upload it: kept for a photo that failed for a reason resume takes up, removed at
// once for one that failed for good or was replaced by a new share, and swept at start when a kill
// or a crash left one that nothing refers to. Real engine, real files, the Dropbox emulator.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../../emulators/dropbox/server';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { openEngine, type Engine, type EngineDeps } from '../../../src/core/engine/engine';
import { stagingDir } from '../../../src/core/engine/staged-copies';
import { Journal } from '../../../src/core/queue/journal';
import { closeAfterEach } from '../../helpers/close-after-each';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const closing = closeAfterEach();

/** The emulator, a data folder, and an engine on them that the test may close and open again. */
async function setUp() {
  const emu = closing(await startDropboxEmulator());
  const dataDir = await tempDir();
  let engine: Engine | undefined;
  closing({ close: () => engine?.close() });
  const open = async (encoding?: EngineDeps['encoding']) =>
    (engine = await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, clock: instantClock(), env: emu.dmdropEnv(), encoding }));
  const close = async () => {
    await engine?.close();
    engine = undefined;
  };
  return { emu, dataDir, open, close };
}

async function photo(name = 'p.jpg'): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, await sharp({ create: { width: 320, height: 240, channels: 3, background: '#36a', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
  return path;
}

const staged = async (dataDir: string) => (existsSync(stagingDir(dataDir)) ? (await readdir(stagingDir(dataDir))).sort() : []);
/** Every attempt of the next upload call is refused: the photo fails as RATE_LIMITED, which resume takes up. */
const refuseOneUploadCall = (emu: { faults: { add(rule: object): void } }) => emu.faults.add({ route: 'files/upload', kind: '429-json', retryAfter: 0, times: 6 });

describe('staged copies', () => {
  it('keeps the copy of a photo resume will take up, sweeps what nothing refers to, and resumes from the kept copy', async () => {
    const { emu, dataDir, open, close } = await setUp();
    let engine = await open();
    refuseOneUploadCall(emu);
    const [failed] = await engine.share([await photo()]);
    expect(failed).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' }, resumable: true });
    const id = failed!.jobId!;
    const [kept] = await staged(dataDir);
    expect(kept).toBe(`${id}.jpg`);
    await close();

    // Left by kills: a copy whose job was never journaled, a half-written temporary, a stray folder.
    await writeFile(join(stagingDir(dataDir), 'c0ffee00-0000-4000-8000-000000000000.jpg'), 'orphan');
    await writeFile(join(stagingDir(dataDir), `${id}.jpg.1a2b3c4d.tmp`), 'half');
    await mkdir(join(stagingDir(dataDir), 'odd'));
    engine = await open();
    expect(await staged(dataDir)).toEqual([kept]);

    // Resumed from that copy: the same bytes the journal recorded, uploaded once, then the copy goes.
    const recorded = (await Journal.open(dataDir, Date.now, { readOnly: true })).get(id)!.output!.sha256;
    const [resumed] = await engine.resume();
    expect(resumed).toMatchObject({ ok: true, jobId: id });
    expect(emu.files()).toHaveLength(1);
    const journal = await Journal.open(dataDir, Date.now, { readOnly: true });
    expect(journal.get(id)!.output!.sha256).toBe(recorded);
    expect(await staged(dataDir)).toEqual([]);
  });

  it('sweeps at start the copy of a photo past its upload (nothing reads it again), and the photo still goes live', async () => {
    const { emu, dataDir, open, close } = await setUp();
    let engine = await open();
    // Uploaded, then every attempt to make its link refused: RATE_LIMITED, taken up by resume.
    emu.faults.add({ route: 'sharing/create_shared_link_with_settings', kind: '429-json', retryAfter: 0, times: 6 });
    const [failed] = await engine.share([await photo()]);
    expect(failed).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' }, resumable: true });
    expect(await staged(dataDir)).toHaveLength(1);
    await close();

    engine = await open();
    expect(await staged(dataDir)).toEqual([]);
    const [resumed] = await engine.resume();
    expect(resumed).toMatchObject({ ok: true, verified: true });
    expect(emu.files()).toHaveLength(1);
  });

  it('removes the copy at once when a photo fails for good', async () => {
    const { emu, dataDir, open } = await setUp();
    const engine = await open();
    emu.misbehave.allLinksServeWrongBytes();
    const [outcome] = await engine.share([await photo()]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'LINK_NOT_VERIFIED' } });
    expect(outcome).not.toHaveProperty('resumable');
    expect(await staged(dataDir)).toEqual([]);
  });

  it('removes the copy of an attempt replaced by sharing the photo again', async () => {
    const { emu, dataDir, open } = await setUp();
    const engine = await open();
    const file = await photo();
    refuseOneUploadCall(emu);
    const [first] = await engine.share([file]);
    expect(first).toMatchObject({ ok: false, resumable: true });
    expect(await staged(dataDir)).toEqual([`${first!.jobId}.jpg`]);
    // Shared again by hand before resume took it up: the new job makes its own copy and removes it.
    const [second] = await engine.share([file]);
    expect(second).toMatchObject({ ok: true });
    expect(second!.jobId).not.toBe(first!.jobId);
    expect(emu.files()).toHaveLength(1);
    expect(await staged(dataDir)).toEqual([]);
  });

  it('a copy lost after its upload reached the provider is made again exactly, so the upload is not sent twice', async () => {
    // The first process chose mozjpeg q75 (as the adaptive encoder does on a slow uplink it had
    // measured); the resuming process has measured nothing yet and would choose libjpeg-turbo q80.
    const { emu, dataDir, open, close } = await setUp();
    const first = await open({ jpegEncoder: 'mozjpeg', jpegQuality: 75 });
    const [shared] = await first.share([await photo()], { expiresAt: new Date(Date.now() + 86_400_000) });
    expect(shared).toMatchObject({ ok: true });
    const id = shared!.jobId!;
    await close();
    // As a power cut during the upload's journal write leaves it: the upload stored at the provider,
    // the journal still at "optimised", the staged copy gone (removed here by the run that finished).
    const journal = await Journal.open(dataDir);
    const recorded = journal.get(id)!;
    expect(recorded.output!.encoding).toMatchObject({ jpegEncoder: 'mozjpeg', jpegQuality: 75 });
    await journal.update(id, { step: 'optimised', status: 'pending', remote: undefined, link: undefined, dm: undefined, verifiedAt: undefined });
    expect(await staged(dataDir)).toEqual([]);
    const uploads = () => emu.requests.filter((r) => r.route === 'files/upload' && r.status === 200).length;
    expect(uploads()).toBe(1);

    const [resumed] = await (await open()).resume();
    expect(resumed).toMatchObject({ ok: true, jobId: id, bytesOut: recorded.output!.bytes });
    expect(uploads()).toBe(1);
    expect(emu.files()).toHaveLength(1);
    expect(await staged(dataDir)).toEqual([]);
  });
});
