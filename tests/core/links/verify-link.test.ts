// A single link's check, against a loopback server: which refusals are worth asking again (the
// same rule as the album check: isTransientStatus) and which are final.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { plainFetch } from '../../../src/core/net/http-fetch';
import { isTransientStatus } from '../../../src/core/links/verify-album';
import { verifyLink } from '../../../src/core/links/verify-link';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const photo = Buffer.from('the bytes we uploaded');
const expected = { sha256: createHash('sha256').update(photo).digest('hex'), size: photo.length };

/** A loopback host answering every GET with this status (and the photo on 200). */
async function serve(status: number): Promise<string> {
  server = createServer((_, res) => res.writeHead(status, { 'content-type': 'image/jpeg' }).end(status === 200 ? photo : 'no'));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/s/abc/photo.jpg`;
}

describe('verifyLink', () => {
  it('passes a link that serves exactly our bytes', async () => {
    await verifyLink({ directUrl: await serve(200), expected, fetch: plainFetch });
  });

  it.each([404, 408, 429, 503])('says a retry may help when a stranger gets HTTP %i (propagating, timed out, limited, busy)', async (status) => {
    await expect(verifyLink({ directUrl: await serve(status), expected, fetch: plainFetch })).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: true });
  });

  it.each([401, 403, 410])('says HTTP %i is final: the link is not public or is gone', async (status) => {
    await expect(verifyLink({ directUrl: await serve(status), expected, fetch: plainFetch })).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', retryable: false });
  });

  it('uses the one rule the album checks use', () => {
    expect([200, 401, 403, 404, 408, 410, 429, 500, 503].filter(isTransientStatus)).toEqual([404, 408, 429, 500, 503]);
  });
});
