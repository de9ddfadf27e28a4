// The emulator's password links follow sharing.stone: a paid ('pro') account may set
// require_password + link_password, a basic one is refused with settings_error/not_authorized,
// and a password without link_password is invalid_settings. A stranger without the password gets
// the page asking for it, never the bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';

let emu: DropboxEmulator;
afterEach(() => emu.close());

async function signedIn(accountType: 'basic' | 'pro') {
  emu = await startDropboxEmulator({ accountType, linkBase: 'loopback' });
  const res = await fetch(`${emu.url}/oauth2/token?grant_type=refresh_token&refresh_token=${emu.issueRefreshToken()}&client_id=${emu.appKey}`, { method: 'POST' });
  const token = ((await res.json()) as { access_token: string }).access_token;
  const call = (route: string, body: unknown, host = 'api') =>
    fetch(`${emu.url}/2/${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(host === 'content' ? { 'content-type': 'application/octet-stream', 'dropbox-api-arg': JSON.stringify(body) } : { 'content-type': 'application/json' }) },
      body: host === 'content' ? Buffer.from('photo bytes') : JSON.stringify(body),
    });
  await call('files/upload', { path: '/DM Drop/p.jpg', mode: 'add' }, 'content');
  return call;
}

const settings = (extra: Record<string, unknown>) => ({ path: '/DM Drop/p.jpg', settings: { audience: { '.tag': 'public' }, access: { '.tag': 'viewer' }, ...extra } });

describe('Dropbox emulator password links', () => {
  it('refuses a password on a basic account with settings_error/not_authorized', async () => {
    const call = await signedIn('basic');
    const res = await call('sharing/create_shared_link_with_settings', settings({ require_password: true, link_password: 'pw' }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error_summary: expect.stringMatching(/^settings_error\/not_authorized/), error: { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } } });
  });

  it('refuses require_password without link_password as invalid_settings', async () => {
    const call = await signedIn('pro');
    const res = await call('sharing/create_shared_link_with_settings', settings({ require_password: true }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { settings_error: { '.tag': 'invalid_settings' } } });
  });

  it('on a paid account: metadata says a password is required; strangers get the form until they type it', async () => {
    const call = await signedIn('pro');
    const res = await call('sharing/create_shared_link_with_settings', settings({ require_password: true, link_password: 'pw 1' }));
    expect(res.status).toBe(200);
    const meta = (await res.json()) as { url: string; link_permissions: Record<string, unknown> };
    expect(meta.link_permissions).toMatchObject({ require_password: true, resolved_visibility: { '.tag': 'password' }, can_set_password: true });

    const raw = meta.url.replace('dl=0', 'raw=1');
    const locked = await fetch(raw, { redirect: 'manual' });
    expect(locked.status).toBe(302);
    expect(locked.headers.get('location')).toContain('dl=0');
    const page = await fetch(meta.url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<input type="password" name="password">/);

    const wrong = await fetch(`${emu.url}/sm/password`, { method: 'POST', body: new URLSearchParams({ url: meta.url, password: 'nope' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${emu.url}/sm/password`, { method: 'POST', body: new URLSearchParams({ url: meta.url, password: 'pw 1' }), redirect: 'manual' });
    expect(right.status).toBe(302);
    const cookie = right.headers.get('set-cookie')!.split(';')[0]!;
    const bytes = await fetch(raw, { headers: { cookie } });
    expect(Buffer.from(await bytes.arrayBuffer()).toString()).toBe('photo bytes');
  });
});
