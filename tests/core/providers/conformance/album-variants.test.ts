// Album checks hold whichever way the real service turns out to behave where sources disagree or
// are silent: every emulator variant of the folder link, page or download shape is run here.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { variants as dropboxVariants } from '../../../../emulators/dropbox/variants';
import { variants as driveVariants } from '../../../../emulators/google-drive/variants';
import { strangerStillGets } from '../../../../src/core/links/link-probe';
import { createProviderRegistry } from '../../../../src/core/providers/provider-registry';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';
import { HARNESSES, type Harness, type HarnessOptions } from './harnesses';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ALBUM_KEYS = ['folderLink', 'pages'];
const albumVariants = (all: Record<string, { options: object }>) =>
  Object.entries(all)
    .filter(([, v]) => Object.keys(v.options).some((k) => ALBUM_KEYS.includes(k)))
    .map(([name, v]) => [name, v.options] as [string, HarnessOptions['emulator']]);

const cases: ['dropbox' | 'drive', string, HarnessOptions['emulator']][] = [
  ['dropbox', 'default', {}],
  ...albumVariants(dropboxVariants).map(([name, options]) => ['dropbox', name, options] as ['dropbox', string, HarnessOptions['emulator']]),
  ['drive', 'default', {}],
  ...albumVariants(driveVariants).map(([name, options]) => ['drive', name, options] as ['drive', string, HarnessOptions['emulator']]),
  // Photos are far below Google's scan limit; this proves the warning page's form is followed anyway.
  ['drive', 'virus-scan warning on every download', { pages: { virusScanLimitBytes: 0 } }],
];

describe.each(cases)('%s album check, emulator %s', (id, _variant, emulator) => {
  it("proves an album of photos named with ' & = (and what stays of < > \") byte-exact, catches a wrong byte, and sees it closed", async () => {
    harness = await HARNESSES[id]({ emulator });
    const provider = await createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: harness.env, clock: instantClock(), retry: { maxAttempts: 2 } }).get(id);
    const album = await provider.createAlbum("Kim's <day> & \"night\"", 'variant-album');
    const members = [];
    for (const [i, name] of ["it's a=b & c.jpg", 'Café 東京 _x_.jpg', 'plain.jpg'].entries()) {
      const data = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: '#336699', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer();
      const remote = await provider.upload({ data, remotePath: provider.remotePathFor(name, album), mime: 'image/jpeg' });
      members.push({ name: remote.path.split('/').pop()!, sha256: createHash('sha256').update(data).digest('hex'), size: data.length, ...(remote.id ? { id: remote.id } : {}) });
    }
    const link = await provider.createLink(album);
    await provider.verifyAlbum(link, members);
    harness.breakLinkBytes();
    await expect(provider.verifyAlbum(link, members)).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: false });
    harness.fixLinkBytes();
    expect(await strangerStillGets(provider, link.url)).toBe(true);
    await provider.revoke(link.url);
    expect(await strangerStillGets(provider, link.url)).toBe(false);
    await expect(provider.verifyAlbum(link, members)).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED' });
  });
});
