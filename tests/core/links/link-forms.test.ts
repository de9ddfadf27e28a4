// Which link goes in the DM. The first thing that goes wrong when people share a photo by link is a
// recipient who is asked to sign in, so this measures what each form of a shared photo's link shows
// a stranger (the provider's page, or the photo itself) on both emulators, and holds each provider's
// default to the form that shows the photo. The `linkOpens` setting picks the other; either way the
// link in the DM is verified before it is handed out.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/core/engine/engine';
import { anonymousGet } from '../../../src/core/links/anonymous-get';
import type { Provider } from '../../../src/core/providers/provider';
import { createProviderRegistry } from '../../../src/core/providers/provider-registry';
import { defaultSettings, type Settings } from '../../../src/shared/settings-schema';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';
import { useTempDirs } from '../../helpers/temp-dir';
import { closeAfterEach } from '../../helpers/close-after-each';
import { HARNESSES } from '../providers/conformance/harnesses';

const tempDir = useTempDirs();
const closing = closeAfterEach();

const photo = () => sharp({ create: { width: 120, height: 90, channels: 3, background: '#cc6633' } }).jpeg().toBuffer();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** What a stranger's browser shows for a URL: the photo itself (which bytes), or a page (and its prompts). */
async function whatAStrangerSees(provider: Provider, url: string) {
  const { response, finalUrl } = await anonymousGet(provider.anonymousFetch, url);
  const type = response.headers.get('content-type') ?? '';
  const disposition = response.headers.get('content-disposition') ?? '';
  if (type.startsWith('text/html')) {
    const html = await response.text();
    return { shows: 'page' as const, status: response.status, finalUrl, asksToSignIn: /sign in|sign up/i.test(html) };
  }
  const data = Buffer.from(await response.arrayBuffer());
  // An attachment makes the phone save a file instead of showing it.
  return { shows: type.startsWith('image/') && !disposition.startsWith('attachment') ? ('photo' as const) : ('download' as const), status: response.status, sha256: sha256(data) };
}

describe.each(['dropbox', 'drive'] as const)('%s: what each link form shows a stranger', (id) => {
  async function setUp(settings: Partial<Settings> = {}) {
    const clock = instantClock();
    const harness = closing(await HARNESSES[id]({ now: clock.now }));
    const provider = await createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: harness.env, clock }).get(id);
    const all = { ...defaultSettings(), defaultProvider: id, ...settings };
    const engine = closing(await openEngine({ dataDir: await tempDir(), settings: { get: () => all, set: async () => all } as never, secrets: noSecrets, clock, env: harness.env }));
    return { provider, engine };
  }

  it('the page wraps the photo in the provider’s prompts; the photo link shows just the photo, so that is the default', async () => {
    const { provider } = await setUp();
    const data = await photo();
    const remote = await provider.upload({ data, remotePath: provider.remotePathFor('dmdrop-form.jpg'), mime: 'image/jpeg' });
    const link = await provider.createLink(remote);
    const page = await whatAStrangerSees(provider, link.url);
    expect(page).toMatchObject({ shows: 'page', status: 200, asksToSignIn: true });
    expect(link.photoUrl).toBeDefined();
    const photoForm = await whatAStrangerSees(provider, link.photoUrl!);
    expect(photoForm).toEqual({ shows: 'photo', status: 200, sha256: sha256(data) });
    expect(provider.defaultLinkOpens).toBe('photo');
  });

  it('puts the photo link in the DM by default, verified; `linkOpens: "page"` puts the page there', async () => {
    const file = join(await tempDir(), 'p.jpg');
    await writeFile(file, await photo());
    const first = await setUp();
    const [byDefault] = await first.engine.share([file]);
    if (!byDefault?.ok) throw new Error(JSON.stringify(byDefault));
    expect(byDefault.dm).toContain(byDefault.url);
    expect(await whatAStrangerSees(first.provider, byDefault.url)).toMatchObject({ shows: 'photo', status: 200 });
    // The DM's link can be revoked by the URL the user sees in the DM.
    expect(await first.engine.revoke(byDefault.url)).toMatchObject({ ok: true });
    expect(await whatAStrangerSees(first.provider, byDefault.url)).not.toMatchObject({ shows: 'photo', status: 200 });
    await closing.now();

    const second = await setUp({ linkOpens: 'page' });
    const [asPage] = await second.engine.share([file]);
    if (!asPage?.ok) throw new Error(JSON.stringify(asPage));
    expect(asPage.dm).toContain(asPage.url);
    expect(await whatAStrangerSees(second.provider, asPage.url)).toMatchObject({ shows: 'page', status: 200 });
  });
});
