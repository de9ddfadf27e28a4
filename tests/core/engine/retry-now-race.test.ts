// "Retry now" while the automatic retry is already sharing the same photo: one upload, one link.
// And a photo whose retry budget ran out is kept for later, says so, and the retry finishes it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { openEngine } from '../../../src/core/engine/engine';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';
import { closeAfterEach } from '../../helpers/close-after-each';

const tempDir = useTempDirs();
const closing = closeAfterEach();

/** A photo whose first share failed for want of a network, the network now back. */
async function failedOnce() {
  const emu = closing(await startDropboxEmulator());
  const dataDir = await tempDir();
  const engine = closing(await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, clock: instantClock(), env: emu.dmdropEnv() }));
  const photo = join(await tempDir(), 'beach.jpg');
  await writeFile(photo, await sharp({ create: { width: 500, height: 400, channels: 3, background: '#3a6', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
  await emu.networkGone();
  const [first] = await engine.share([photo]);
  await emu.networkBack();
  return { emu, engine, photo, first: first! };
}

const uploads = (emu: DropboxEmulator) => emu.requests.filter((r) => r.route === 'files/upload' && r.status === 200).length;

describe('Retry now during the automatic retry of the same photo', () => {
  it('joins the retry that is uploading it instead of uploading it a second time', async () => {
    const { emu, engine, photo, first } = await failedOnce();
    const uploading = new Promise<void>((resolve) => engine.on((e) => e.type === 'progress' && e.jobId === first.jobId && e.stage === 'uploading' && resolve()));
    const retry = engine.resume({ transientOnly: true }); // what NetworkRecovery runs
    await uploading;
    const [now] = await engine.share([photo]); // the user presses "Retry now"
    const [retried] = await retry;
    expect(now).toMatchObject({ ok: true, jobId: first.jobId });
    expect(retried).toMatchObject({ ok: true, url: now!.ok ? now!.url : '' });
    expect(uploads(emu)).toBe(1);
    expect(emu.files()).toHaveLength(1);
    expect(engine.history().filter((h) => h.status === 'live')).toHaveLength(1);
  });

  it('pressed in the same instant the retry starts: still one upload, whichever is written first', async () => {
    const { emu, engine, photo } = await failedOnce();
    const [retried, [now]] = await Promise.all([engine.resume({ transientOnly: true }), engine.share([photo])]);
    expect(now).toMatchObject({ ok: true });
    expect(retried.filter((o) => o.ok).every((o) => o.jobId === now!.jobId)).toBe(true);
    expect(uploads(emu)).toBe(1);
    expect(engine.history().filter((h) => h.status === 'live')).toHaveLength(1);
    expect(engine.history().filter((h) => h.status === 'pending')).toEqual([]);
  });
});

describe('a photo that runs out of retries', () => {
  it('is kept for later with a resumable outcome, and the automatic retry shares it once', async () => {
    const emu = closing(await startDropboxEmulator());
    const dataDir = await tempDir();
    const engine = closing(await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, clock: instantClock(), env: emu.dmdropEnv() }));
    const photo = join(await tempDir(), 'sunset.jpg');
    await writeFile(photo, await sharp({ create: { width: 300, height: 200, channels: 3, background: '#a63' } }).jpeg().toBuffer());
    emu.faults.add({ route: 'files/upload', kind: '503', times: 6 }); // the whole budget of one call
    const [outcome] = await engine.share([photo]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PROVIDER_ERROR' }, resumable: true });
    expect(engine.history()[0]).toMatchObject({ status: 'failed', error: { code: 'PROVIDER_ERROR' } });
    const [retried] = await engine.resume({ transientOnly: true });
    expect(retried).toMatchObject({ ok: true, jobId: outcome!.jobId, verified: true });
    expect(uploads(emu)).toBe(1);
  });
});
