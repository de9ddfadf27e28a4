// The network disappears mid-batch (the emulator stops answering on its port) and comes back:
// jobs wait in their retry loop and finish, once each. The disk fills while the journal is written:
// a clear DISK_FULL, and the journal on disk is the last good one.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine } from '../../src/core/engine/engine';
import type { Clock } from '../../src/core/ports/clock';
import { tornWrite } from '../helpers/torn-write';
import { useTempDirs } from '../helpers/temp-dir';
import { closeAfterEach } from '../helpers/close-after-each';
import { recordFigures } from './figures';
import { noSecrets } from '../helpers/no-secrets';

// The file system as installed, except that a test can make the next append to a file meet a full
// disk: half the line is written, then ENOSPC.
vi.mock('node:fs/promises', async (importOriginal) => (await import('../helpers/torn-write')).withTornWrites(await importOriginal()));

const tempDir = useTempDirs();
const closing = closeAfterEach();

describe('network gone mid-batch', () => {
  it('waits while the provider is unreachable and finishes every photo once when it is back', async () => {
    const emu = closing(await startDropboxEmulator());
    let backoffs = 0;
    let firstBackoff!: () => void;
    const unreachable = new Promise<void>((resolve) => (firstBackoff = resolve));
    // A clock whose backoff sleeps wait for the test to bring the network back: no timers, no guessing.
    let back!: () => void;
    const networkBack = new Promise<void>((resolve) => (back = resolve));
    const clock: Clock = {
      now: Date.now,
      sleep: async () => {
        backoffs++;
        firstBackoff();
        await networkBack;
      },
    };
    const dataDir = await tempDir();
    const engine = closing(await openEngine({ dataDir, settings: await loadFileSettings(dataDir), secrets: noSecrets, clock, env: emu.dmdropEnv() }));
    const dir = await tempDir();
    const files = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const path = join(dir, `p${i}.jpg`);
        await writeFile(path, await sharp({ create: { width: 300 + i, height: 200, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer());
        return path;
      }),
    );
    await emu.networkGone();
    const batch = engine.share(files);
    await unreachable; // a job hit the dead network and is waiting to retry
    await emu.networkBack();
    back();
    const outcomes = await batch;
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true]);
    expect(emu.files()).toHaveLength(4);
    expect(backoffs).toBeGreaterThan(0);
    await recordFigures('network-gone', { photos: 4, retriesWhileDown: backoffs, shared: 4, lost: 0, duplicates: emu.files().length - 4 });
  });
});

describe('disk full while writing the journal', () => {
  it('fails with DISK_FULL and leaves the last good journal on disk', async () => {
    const dir = await tempDir();
    const { Journal } = await import('../../src/core/queue/journal');
    const journal = await Journal.open(dir);
    const job = {
      id: 'j1', batchId: 'b', file: 'a.jpg', path: '/a.jpg', provider: 'dropbox' as const, createdAt: '2026-11-25T00:00:00.000Z', updatedAt: '2026-11-25T00:00:00.000Z',
      step: 'queued' as const, status: 'pending' as const, attempts: 0, nameStem: 'abc123', options: { maxEdge: 2048, keepNames: false, template: '{link}' },
    };
    await journal.add([job]);
    const good = await readFile(join(dir, 'journal.log'), 'utf8');
    // The OS says the disk is full (ENOSPC) on the next write; nothing else is faked.
    tornWrite.next = true;
    await expect(journal.update('j1', { step: 'optimised' })).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk .* is full/) });
    expect(await readFile(join(dir, 'journal.log'), 'utf8')).toBe(good);
    expect(journal.get('j1')!.step).toBe('queued'); // memory did not run ahead of the disk
    await journal.update('j1', { step: 'optimised' }); // space again: it carries on
    expect((await Journal.open(dir)).get('j1')!.step).toBe('optimised');
  });
});
