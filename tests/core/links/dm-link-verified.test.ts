// The link that goes in the DM is proven before it is handed out, also where it is a URL of its own:
// Drive's photo form (uc?export=view) is not the download the other checks read, and Dropbox's
// (raw=1) is. If a stranger would get other bytes through it, the share fails and the link is closed;
// if a stranger gets a page instead of the photo there (variant drive-photo-form-page), the verified
// page link goes in the DM instead, and says so in history.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../../emulators/dropbox/server';
import { startDriveEmulator } from '../../../emulators/google-drive/server';
import { strangerStillGets } from '../../../src/core/links/link-probe';
import { createProviderRegistry } from '../../../src/core/providers/provider-registry';
import { openEngine, type Engine } from '../../../src/core/engine/engine';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';
import { closeAfterEach } from '../../helpers/close-after-each';

const tempDir = useTempDirs();
const closing = closeAfterEach();

const EMULATORS = {
  dropbox: async () => {
    const emu = await startDropboxEmulator();
    return { env: emu.dmdropEnv(), breakPhotoLinks: () => emu.misbehave.photoLinksServeWrongBytes(), revokes: () => emu.requests.filter((r) => r.route === 'sharing/revoke_shared_link' && r.status === 200).length, close: () => emu.close() };
  },
  drive: async () => {
    const emu = await startDriveEmulator();
    return { env: emu.dmdropEnv(), breakPhotoLinks: () => emu.misbehave.photoLinksServeWrongBytes(), revokes: () => emu.requests.filter((r) => r.method === 'DELETE' && /permissions/.test(r.route) && r.status < 300).length, close: () => emu.close() };
  },
};

describe.each(['dropbox', 'drive'] as const)('%s', (id) => {
  it('fails the share and closes the link when the photo link in the DM serves other bytes', async () => {
    const emu = await EMULATORS[id]();
    closing(emu);
    const settings = { ...defaultSettings(), defaultProvider: id, linkOpens: 'photo' as const };
    const engine: Engine = await openEngine({ dataDir: await tempDir(), settings: { get: () => settings, set: async () => settings } as never, secrets: noSecrets, clock: instantClock(), env: emu.env });
    closing(engine);
    const file = join(await tempDir(), 'p.jpg');
    await writeFile(file, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).jpeg().toBuffer());

    emu.breakPhotoLinks();
    const [outcome] = await engine.share([file]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'LINK_NOT_VERIFIED' } });
    expect(emu.revokes()).toBeGreaterThan(0);
    expect(engine.history()[0]).toMatchObject({ status: 'failed', url: undefined });
  });
});

describe('drive, where the photo form shows a page instead of the photo', () => {
  it('puts the verified page link in the DM rather than failing or handing out a link that shows no photo', async () => {
    const emu = await startDriveEmulator({ photoForm: 'page' });
    closing(emu);
    const settings = { ...defaultSettings(), defaultProvider: 'drive' as const, linkOpens: 'photo' as const };
    const clock = instantClock();
    const engine: Engine = await openEngine({ dataDir: await tempDir(), settings: { get: () => settings, set: async () => settings } as never, secrets: noSecrets, clock, env: emu.dmdropEnv() });
    closing(engine);
    const file = join(await tempDir(), 'p.jpg');
    await writeFile(file, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).jpeg().toBuffer());

    const [outcome] = await engine.share([file]);
    if (!outcome?.ok) throw new Error(`share failed: ${JSON.stringify(outcome)}`);
    expect(outcome.url).toMatch(/\/file\/d\/[^/]+\/view/); // the page, not uc?export=view
    expect(outcome.dm).toContain(outcome.url);
    expect(engine.history()[0]).toMatchObject({ status: 'live', url: outcome.url });
    const provider = await createProviderRegistry({ settings: () => settings, secrets: noSecrets, env: emu.dmdropEnv(), clock }).get('drive');
    expect(await strangerStillGets(provider, outcome.directUrl)).toBe(true);
  });
});
