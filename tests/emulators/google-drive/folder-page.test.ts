// A stranger's view of Drive folders and large files, as the real pages are: the folder page names
// its first 50 children only inside a hex-escaped script string and only for a recognised browser,
// and a file too large to scan gets a warning page whose form (gdown's route) leads to the bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { confirmationUrl, openAnonymousDownload } from '../../../src/core/providers/drive/anonymous-download';
import { createProviderRegistry } from '../../../src/core/providers/provider-registry';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { HARNESSES, type Harness } from '../../core/providers/conformance/harnesses';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function album(count: number, pages?: object) {
  harness = await HARNESSES.drive({ emulator: { pages, linkBase: 'loopback' } });
  const provider = await createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: harness.env, clock: instantClock() }).get('drive');
  const folder = await provider.createAlbum('Names', 'page-test');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const remote = await provider.upload({ data: Buffer.from(`photo ${i}`), remotePath: provider.remotePathFor(`${i} it's a=b & c.jpg`, folder), mime: 'image/jpeg' });
    ids.push(remote.id!);
  }
  const link = await provider.createLink(folder);
  return { provider, link, ids };
}

describe('Drive emulator anonymous pages', () => {
  it('names only the first 50 children, hex-escaped inside a script, and only for a recognised browser', async () => {
    const { provider, link, ids } = await album(60);
    // The provider's anonymous fetch speaks as a phone's browser (drive-endpoints.ts).
    const page = await (await provider.anonymousFetch(link.url)).text();
    expect(page).toContain("window['_DRIVE_ivd'] = '");
    expect(ids.filter((id) => page.includes(`\\x22${id}\\x22`))).toHaveLength(50);
    expect(page).not.toContain("it's a=b");
    expect(page).toContain('it\\x27s a\\x3db \\x26 c\\x2ejpg');
    const odd = await (await fetch(link.url, { headers: { 'user-agent': 'DM Drop link check' } })).text();
    expect(odd).toContain('Update your browser to use Google Drive');
    expect(odd).not.toContain('_DRIVE_ivd');
  });

  it("leads from the virus-scan warning page's form to the file's bytes", async () => {
    const { provider, ids } = await album(1, { virusScanLimitBytes: 0 });
    const warning = await provider.anonymousFetch(`https://drive.usercontent.google.com/download?id=${ids[0]}&export=download`);
    const html = await warning.text();
    expect(html).toContain("Google Drive can't scan this file for viruses.");
    const next = new URL(confirmationUrl(html, 'https://drive.usercontent.google.com/download')!);
    expect(Object.fromEntries(next.searchParams)).toMatchObject({ id: ids[0], export: 'download', confirm: 't', uuid: expect.any(String) });
    const { response } = await openAnonymousDownload(provider.anonymousFetch, ids[0]!, 'photo 0');
    expect(await response.text()).toBe('photo 0');
  });

  it('reads the older warning page shape too (a /uc?export=download&confirm= link)', () => {
    const html = '<a id="uc-download-link" href="/uc?export=download&amp;confirm=9iBg&amp;id=1abc">Download anyway</a>';
    expect(confirmationUrl(html, 'https://docs.google.com/uc?id=1abc')).toBe('https://docs.google.com/uc?export=download&confirm=9iBg&id=1abc');
  });
});
