// The password check cannot pass vacuously: a link that gives the photo without the password, or a
// wrong password, fails it; the right password on a protected link passes it.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { verifyPasswordLink } from '../../../src/core/links/verify-password-link';
import { plainFetch } from '../../../src/core/net/http-fetch';

let emu: DropboxEmulator;
afterEach(() => emu.close());

const DATA = Buffer.from('the photo bytes');
const expected = { sha256: createHash('sha256').update(DATA).digest('hex'), size: DATA.length };

async function link(extra: Record<string, unknown>): Promise<{ url: string; directUrl: string }> {
  emu = await startDropboxEmulator({ accountType: 'pro', linkBase: 'loopback' });
  const res = await fetch(`${emu.url}/oauth2/token?grant_type=refresh_token&refresh_token=${emu.issueRefreshToken()}&client_id=${emu.appKey}`, { method: 'POST' });
  const token = ((await res.json()) as { access_token: string }).access_token;
  await fetch(`${emu.url}/2/files/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'dropbox-api-arg': JSON.stringify({ path: '/p.jpg' }) }, body: DATA });
  const made = await fetch(`${emu.url}/2/sharing/create_shared_link_with_settings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/p.jpg', settings: { audience: { '.tag': 'public' }, access: { '.tag': 'viewer' }, ...extra } }),
  });
  const { url } = (await made.json()) as { url: string };
  return { url, directUrl: url.replace('dl=0', 'raw=1') };
}

describe('verifying a password link', () => {
  it('passes with the right password typed into the page', async () => {
    const { url, directUrl } = await link({ require_password: true, link_password: 'open sesame' });
    await expect(verifyPasswordLink({ url, directUrl, password: 'open sesame', expected, fetch: plainFetch })).resolves.toBeUndefined();
  });

  it('fails a link that gives the photo without its password', async () => {
    const { url, directUrl } = await link({});
    await expect(verifyPasswordLink({ url, directUrl, password: 'x', expected, fetch: plainFetch })).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', message: expect.stringContaining('without its password') });
  });

  it('fails when the page does not accept the password', async () => {
    const { url, directUrl } = await link({ require_password: true, link_password: 'open sesame' });
    await expect(verifyPasswordLink({ url, directUrl, password: 'wrong', expected, fetch: plainFetch })).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', message: expect.stringContaining('did not accept its password') });
  });
});
