// The emulator answers malformed and unauthorised calls the way Dropbox does (shared/contracts/
// dropbox.md §3, §7, §9), so error handling proven here also holds against the real service.
import { createHash } from 'node:crypto';
import { Dropbox } from 'dropbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGINAL_HOST_HEADER as EMULATOR_HOST_HEADER, startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { ORIGINAL_HOST_HEADER, createDropboxFetch } from '../../../src/core/providers/dropbox/dropbox-fetch';

let emu: DropboxEmulator;
let token: string;
beforeEach(async () => {
  emu = await startDropboxEmulator({ accountType: 'pro' });
  const res = await fetch(`${emu.url}/oauth2/token?grant_type=refresh_token&refresh_token=${emu.issueRefreshToken()}&client_id=${emu.appKey}`, { method: 'POST' });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterEach(() => emu.close());

const rpc = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${emu.url}/2/${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('Dropbox emulator wire format', () => {
  it('refuses a route sent to the wrong real host, named in the header the client sends', async () => {
    expect(EMULATOR_HOST_HEADER).toBe(ORIGINAL_HOST_HEADER);
    const wrong = await rpc('files/get_metadata', { path: '/x.jpg' }, { [ORIGINAL_HOST_HEADER]: 'content.dropboxapi.com' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/api\.dropboxapi\.com, not content\.dropboxapi\.com/);
  });

  it('answers malformed calls with 400 plain text naming the route', async () => {
    const cases: [Promise<Response>, RegExp][] = [
      [rpc('files/get_metadata', { pat: '/x' }), /request body: unknown field 'pat'/],
      [rpc('files/get_metadata', {}), /missing required field 'path'/],
      [rpc('files/get_metadata', { path: 'x.jpg' }), /did not match pattern/],
      [rpc('files/get_metadata', { path: '/x' }, { 'content-type': 'application/x-www-form-urlencoded' }), /Bad HTTP "Content-Type" header/],
      [fetch(`${emu.url}/2/files/get_metadata`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"/x"}' }), /Must provide HTTP header "Authorization"/],
      [rpc('files/get_metadata', { path: '/x' }, { authorization: 'Bearer not-a-token' }), /access token is malformed/],
      [fetch(`${emu.url}/2/files/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: 'x' }), /Must provide HTTP header "Dropbox-API-Arg"/],
      [rpc('files/get_metadata', { path: '/x' }, { 'x-dmdrop-original-host': 'content.dropboxapi.com' }), /api\.dropboxapi\.com/],
    ];
    for (const [response, message] of cases) {
      const res = await response;
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/^Error in call to API function "files\/(get_metadata|upload)": /);
      expect(text).toMatch(message);
    }
  });

  it('answers bad tokens with 401 AuthError JSON and WWW-Authenticate', async () => {
    emu.expireAccessTokens();
    const expired = await rpc('files/get_metadata', { path: '/x' });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Dropbox-API');
    expect(await expired.json()).toEqual({ error_summary: 'expired_access_token/..', error: { '.tag': 'expired_access_token' } });
    const unknown = await rpc('files/get_metadata', { path: '/x' }, { authorization: 'Bearer sl.u.unknown' });
    expect(((await unknown.json()) as { error: { '.tag': string } }).error['.tag']).toBe('invalid_access_token');
  });

  it('refuses a route the token has no scope for', async () => {
    const narrow = emu.issueRefreshToken({ scopes: ['files.content.write'] });
    const res = await fetch(`${emu.url}/oauth2/token?grant_type=refresh_token&refresh_token=${narrow}&client_id=${emu.appKey}`, { method: 'POST' });
    const access = ((await res.json()) as { access_token: string }).access_token;
    const denied = await rpc('sharing/list_shared_links', {}, { authorization: `Bearer ${access}` });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: { '.tag': 'missing_scope', required_scope: 'sharing.read' } });
  });

  it('reports route errors as 409 with a tagged error and a dotted summary', async () => {
    const res = await rpc('files/get_metadata', { path: '/nope.jpg' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error_summary: string; error: unknown };
    expect(body.error_summary).toMatch(/^path\/not_found\/\.{2,}$/);
    expect(body.error).toEqual({ '.tag': 'path', path: { '.tag': 'not_found' } });
  });

  it('accepts void routes with no body and answers null', async () => {
    const res = await fetch(`${emu.url}/2/users/get_current_account`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ account_id: expect.stringMatching(/^dbid:/), account_type: { '.tag': 'pro' } });
    const revoke = await fetch(`${emu.url}/2/auth/token/revoke`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await revoke.text()).toBe('null');
  });

  it('runs the OAuth code flow with S256 PKCE, single-use codes and form-body parameters', async () => {
    const verifier = 'v'.repeat(64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = 'http://127.0.0.1:53682/callback';
    const authorize = async () => {
      const res = await fetch(`${emu.url}/oauth2/authorize?response_type=code&client_id=${emu.appKey}&redirect_uri=${redirect}&state=s1&token_access_type=offline&code_challenge_method=S256&code_challenge=${challenge}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('state')).toBe('s1');
      return location.searchParams.get('code')!;
    };
    const exchange = (code: string, codeVerifier: string) =>
      fetch(`${emu.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: emu.appKey, code_verifier: codeVerifier, redirect_uri: redirect }),
      });
    const wrong = await exchange(await authorize(), 'w'.repeat(64));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const code = await authorize();
    const ok = await exchange(code, verifier);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer', expires_in: 14400, refresh_token: expect.any(String), uid: expect.any(String), account_id: expect.any(String) });
    expect((await exchange(code, verifier)).status).toBe(400); // single use
  });

  it('serves the official SDK: upload, link already exists with and without settings, pro expiry', async () => {
    const dbx = new Dropbox({ clientId: emu.appKey, refreshToken: emu.issueRefreshToken(), fetch: createDropboxFetch(emu.url) });
    await dbx.filesUpload({ path: '/DM Drop/a.jpg', contents: Buffer.from('abc') });
    const created = await dbx.sharingCreateSharedLinkWithSettings({ path: '/DM Drop/a.jpg' });
    expect(created.result.url).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fi\/.+\?rlkey=.+&dl=0$/);
    const again = await dbx.sharingCreateSharedLinkWithSettings({ path: '/DM Drop/a.jpg' }).catch((e: { error: unknown }) => e.error);
    expect(again).toMatchObject({ error: { '.tag': 'shared_link_already_exists', shared_link_already_exists: { metadata: { url: created.result.url } } } });
    const withSettings = await dbx
      .sharingCreateSharedLinkWithSettings({ path: '/DM Drop/a.jpg', settings: { audience: { '.tag': 'public' } } })
      .catch((e: { error: unknown }) => e.error);
    expect(withSettings).toEqual({ error_summary: expect.stringMatching(/^shared_link_already_exists\//), error: { '.tag': 'shared_link_already_exists' } });
    await dbx.filesUpload({ path: '/DM Drop/b.jpg', contents: Buffer.from('def') });
    const expiring = await dbx.sharingCreateSharedLinkWithSettings({ path: '/DM Drop/b.jpg', settings: { expires: '2099-01-01T00:00:00Z' } });
    expect(expiring.result.expires).toBe('2099-01-01T00:00:00Z');
  });

  it('refuses link expiry on a basic account as the spec documents', async () => {
    const basic = await startDropboxEmulator({ accountType: 'basic' });
    try {
      const dbx = new Dropbox({ clientId: basic.appKey, refreshToken: basic.issueRefreshToken(), fetch: createDropboxFetch(basic.url) });
      await dbx.filesUpload({ path: '/x.jpg', contents: Buffer.from('x') });
      const error = await dbx.sharingCreateSharedLinkWithSettings({ path: '/x.jpg', settings: { expires: '2099-01-01T00:00:00Z' } }).catch((e: { status: number; error: unknown }) => e);
      expect(error).toMatchObject({ status: 409, error: { error: { '.tag': 'settings_error', settings_error: { '.tag': 'not_authorized' } } } });
    } finally {
      await basic.close();
    }
  });

  it('serves links anonymously: preview page, redirect to bytes, an error page for a wrong rlkey', async () => {
    const loop = await startDropboxEmulator({ linkBase: 'loopback' });
    try {
      const dbx = new Dropbox({ clientId: loop.appKey, refreshToken: loop.issueRefreshToken(), fetch: createDropboxFetch(loop.url) });
      await dbx.filesUpload({ path: '/p.jpg', contents: Buffer.from('photo-bytes') });
      const { url } = (await dbx.sharingCreateSharedLinkWithSettings({ path: '/p.jpg' })).result;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const dl = await fetch(url.replace('dl=0', 'dl=1'), { redirect: 'manual' });
      expect(dl.status).toBe(302);
      expect(dl.headers.get('location')).toMatch(/\/cd\/0\/get\//);
      const file = await fetch(dl.headers.get('location')!);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="p\.jpg"/);
      expect(await file.text()).toBe('photo-bytes');
      // A dead link is an HTML page where the photo was, with 200 by default (the 404 is a variant).
      for (const dead of [url.replace(/rlkey=[^&]+/, 'rlkey=wrong'), url.replace(/\?.*$/, '')]) {
        const answer = await fetch(dead.replace('dl=0', 'dl=1'), { redirect: 'manual' });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await answer.text()).not.toContain('photo-bytes');
      }
    } finally {
      await loop.close();
    }
  });
});
