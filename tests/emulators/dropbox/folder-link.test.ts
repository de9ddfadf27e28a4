// A stranger's view of a Dropbox folder link, as the real service serves it: the page names no
// photo (a JavaScript application), and dl=1 serves the folder as one ZIP by way of the download host.
import { afterEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import type { FolderLinkOptions } from '../../../emulators/dropbox/folder-link';

let emu: DropboxEmulator;
afterEach(() => emu.close());

const NAME = `it's <me> & "you" a=b.jpg`;

async function start(folderLink?: FolderLinkOptions) {
  emu = await startDropboxEmulator({ linkBase: 'loopback', accountType: 'pro', folderLink });
  const res = await fetch(`${emu.url}/oauth2/token?grant_type=refresh_token&refresh_token=${emu.issueRefreshToken()}&client_id=${emu.appKey}`, { method: 'POST' });
  const token = ((await res.json()) as { access_token: string }).access_token;
  const call = (route: string, body: unknown, content = false, data?: Buffer) =>
    fetch(`${emu.url}/2/${route}`, {
      method: 'POST',
      headers: content
        ? { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'dropbox-api-arg': JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) }
        : { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: content ? data : JSON.stringify(body),
    });
  await call('files/create_folder_v2', { path: '/Album' });
  for (let i = 0; i < 40; i++) await call('files/upload', { path: `/Album/${i} ${NAME}`, mode: 'add', autorename: false, mute: true }, true, Buffer.from(`photo ${i}`));
  const link = (await (await call('sharing/create_shared_link_with_settings', { path: '/Album', settings: { audience: 'public', access: 'viewer' } })).json()) as { url: string };
  return link.url;
}

async function zipEntries(data: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, decodeStrings: false });
  const out = new Map<string, Buffer>();
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      zip.once('entry', resolve).once('end', () => resolve(undefined)).once('error', reject);
      zip.readEntry();
    });
    if (!entry) return out;
    const chunks: Buffer[] = [];
    if (!entry.fileNameRaw.toString().endsWith('/')) for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    out.set(entry.fileNameRaw.toString('utf8'), Buffer.concat(chunks));
  }
}

describe('Dropbox emulator folder links', () => {
  it('serves the folder page as an application: no photo name as written, at most a first page escaped in JSON', async () => {
    const url = await start();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Dropbox - Album</title>');
    for (const form of [NAME, NAME.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'), encodeURIComponent(NAME)]) expect(html).not.toContain(form);
    expect(html).toContain('__REGISTER_SHARED_LINK_FOLDER_PRELOAD_HANDLER');
    expect(html).not.toContain('39 it'); // 40 photos, a first page of 30
    const bare = await (await start({ preloadFirstPage: false }).then((u) => fetch(u))).text();
    expect(bare).not.toContain('PRELOAD');
  });

  it('serves dl=1 as a redirect to zip_download_get and the folder as a ZIP with a "/" entry', async () => {
    const url = await start();
    const hop = await fetch(url.replace('dl=0', 'dl=1'), { redirect: 'manual' });
    expect(hop.status).toBe(302);
    expect(hop.headers.get('location')).toMatch(/\/zip_download_get\/[A-Za-z0-9_-]+\?_download_id=\d+&_log_download_success=1&_notify_domain=www\.dropbox\.com&dl=1$/);
    const zip = await fetch(hop.headers.get('location')!);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toMatch(/^attachment; filename="Album\.zip"/);
    const entries = await zipEntries(Buffer.from(await zip.arrayBuffer()));
    expect([...entries.keys()][0]).toBe('/');
    expect(entries.size).toBe(41);
    expect(entries.get(`7 ${NAME}`)?.toString()).toBe('photo 7');
  });

  it('names entries under the folder in the folder-prefix shape', async () => {
    const url = await start({ zip: { folderPrefix: true, rootEntry: false } });
    const hop = await fetch(url.replace('dl=0', 'dl=1'), { redirect: 'manual' });
    const entries = await zipEntries(Buffer.from(await (await fetch(hop.headers.get('location')!)).arrayBuffer()));
    expect(entries.get(`Album/0 ${NAME}`)?.toString()).toBe('photo 0');
    expect(entries.has('/')).toBe(false);
  });
});
