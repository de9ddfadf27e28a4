// Questions asked of the journal: the newest live link for the same bytes (the watcher reuses it),
// a job still pending for a file, the history, and whether a live link still opens for a stranger.
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { startDropboxEmulator } from '../../../emulators/dropbox/server';
import { openEngine } from '../../../src/core/engine/engine';
import { checkLinkIn, findSharedIn, hasPendingJobIn, historyIn } from '../../../src/core/engine/lookups';
import { createFileSecretStore } from '../../../src/core/config/file-secret-store';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { createProviderRegistry } from '../../../src/core/providers/provider-registry';
import { Journal } from '../../../src/core/queue/journal';
import { instantClock } from '../../helpers/instant-clock';
import { useTempDirs } from '../../helpers/temp-dir';
import { closeAfterEach } from '../../helpers/close-after-each';

const tempDir = useTempDirs();
const closing = closeAfterEach();

it('answers from the journal: same bytes, pending files, history, and a link that stopped opening', async () => {
  const emu = closing(await startDropboxEmulator());
  const dir = await tempDir();
  const clock = instantClock();
  const engine = closing(await openEngine({ dataDir: dir, settings: await loadFileSettings(dir), secrets: createFileSecretStore(dir), clock, env: emu.dmdropEnv() }));
  const file = join(dir, 'p.jpg');
  await sharp({ create: { width: 200, height: 150, channels: 3, background: '#335577', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toFile(file);
  const [outcome] = await engine.share([file]);
  if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
  await engine.close();

  const journal = await Journal.open(dir);
  const job = journal.all()[0]!;
  expect(findSharedIn(journal, job.source!.sha256, 'dropbox')).toEqual({ url: outcome.url, directUrl: outcome.directUrl, dm: outcome.dm });
  expect(findSharedIn(journal, job.source!.sha256, 'drive')).toBeUndefined(); // another provider: upload there
  expect(findSharedIn(journal, '0'.repeat(64), 'dropbox')).toBeUndefined();
  expect(historyIn(journal)).toEqual([expect.objectContaining({ id: job.id, file, status: 'live', url: outcome.url })]);

  expect(hasPendingJobIn(journal, file)).toBe(false);
  await journal.update(job.id, { status: 'pending' });
  expect(hasPendingJobIn(journal, join(dir, '.', 'p.jpg'))).toBe(true); // by resolved path
  await journal.update(job.id, { status: 'live' });

  const settings = await loadFileSettings(dir);
  const providers = createProviderRegistry({ settings: () => settings.get(), secrets: createFileSecretStore(dir), env: emu.dmdropEnv(), clock });
  expect(await checkLinkIn(journal, providers, job.id)).toBe('live');
  emu.misbehave.linkReturnsNotFound(job.remote!.path);
  expect(await checkLinkIn(journal, providers, job.id)).toBe('broken');
  expect(await checkLinkIn(journal, providers, 'no-such-id')).toBeUndefined();
});
