// The Dropbox album check reads the folder's ZIP; what a stranger can be served instead must never
// pass, and the check must say whether waiting could help.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_SHAPE, folderZip } from '../../../../emulators/dropbox/folder-link';
import { folderZipUrl, verifyAlbumByZip } from '../../../../src/core/providers/dropbox/verify-album-zip';
import { plainFetch } from '../../../../src/core/net/http-fetch';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A loopback "download host" answering every GET with `answer`. */
async function serve(answer: { status?: number; type: string; body: Buffer }): Promise<string> {
  server = createServer((_, res) => res.writeHead(answer.status ?? 200, { 'content-type': answer.type }).end(answer.body));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/scl/fo/abc/def?rlkey=k&dl=0`;
}

const photo = Buffer.from('PK\x07\x08 a photo whose bytes contain a data descriptor signature PK\x03\x04');
const member = { name: 'a.jpg', sha256: createHash('sha256').update(photo).digest('hex'), size: photo.length };
const link = (url: string) => ({ url, directUrl: url, access: 'viewer', audience: 'public' });

describe('Dropbox album check by ZIP', () => {
  it('asks for the download form of the link, keeping its rlkey', () => {
    expect(folderZipUrl('https://www.dropbox.com/scl/fo/x/y?rlkey=k&dl=0')).toBe('https://www.dropbox.com/scl/fo/x/y?rlkey=k&dl=1');
    expect(folderZipUrl('https://www.dropbox.com/scl/fo/x/y?rlkey=k')).toBe('https://www.dropbox.com/scl/fo/x/y?rlkey=k&dl=1');
  });

  it('proves photos whose bytes contain ZIP signatures, in a stored ZIP with data descriptors', async () => {
    const zip = folderZip('Album', [{ name: 'a.jpg', data: photo }], { ...DEFAULT_ZIP_SHAPE, compression: 'store' });
    await verifyAlbumByZip(plainFetch, link(await serve({ type: 'application/zip', body: zip })), [member]);
  });

  it('does not take a web page for the album, and says a retry may help', async () => {
    const url = await serve({ type: 'text/html; charset=utf-8', body: Buffer.from('<html>This folder is too large to download.</html>') });
    await expect(verifyAlbumByZip(plainFetch, link(url), [member])).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: true, message: /web page/ });
  });

  it('does not take a truncated ZIP for the album', async () => {
    const zip = folderZip('Album', [{ name: 'a.jpg', data: photo }], DEFAULT_ZIP_SHAPE);
    const url = await serve({ type: 'application/zip', body: zip.subarray(0, zip.length - 30) });
    await expect(verifyAlbumByZip(plainFetch, link(url), [member])).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: true });
  });

  it('says at once, without downloading, that an album beyond what Dropbox zips cannot be proven this way', async () => {
    const url = await serve({ type: 'application/zip', body: Buffer.alloc(0) });
    const huge = Array.from({ length: 10_000 }, (_, i) => ({ ...member, name: `${i}.jpg` }));
    await expect(verifyAlbumByZip(plainFetch, link(url), huge)).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: false, message: /10,000 files/ });
  });
});
