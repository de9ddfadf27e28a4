// The Drive emulator answers the way Google does (shared/contracts/google-drive.md), checked with
// the official googleapis client where it can make the call and raw HTTP where the detail is the
// wire itself (308 without Location, error bodies, token endpoint errors).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { auth as googleAuth, drive as driveApi, type drive_v3 } from 'googleapis/build/src/apis/drive/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDriveEmulator, type DriveEmulator } from '../../../emulators/google-drive/server';

let emu: DriveEmulator;
let drive: drive_v3.Drive;
let opts: { rootUrl: string; retry: false };
let accessToken: string;

async function connect(e: DriveEmulator) {
  const auth = new googleAuth.OAuth2({
    clientId: e.clientId,
    clientSecret: e.clientSecret,
    endpoints: { oauth2TokenUrl: `${e.url}/token`, oauth2RevokeUrl: `${e.url}/revoke`, oauth2AuthBaseUrl: `${e.url}/o/oauth2/v2/auth`, tokenInfoUrl: `${e.url}/tokeninfo` },
  });
  auth.setCredentials({ refresh_token: e.issueRefreshToken() });
  accessToken = (await auth.getAccessToken()).token!;
  return { auth, drive: driveApi({ version: 'v3', auth, rootUrl: `${e.url}/` }) };
}

beforeEach(async () => {
  emu = await startDriveEmulator({ linkBase: 'loopback' });
  drive = (await connect(emu)).drive;
  opts = { rootUrl: `${emu.url}/`, retry: false };
});
afterEach(() => emu.close());

const errorOf = async (promise: Promise<unknown>) => {
  const error = (await promise.catch((e: unknown) => e)) as { status: number; response: { data: { error: { code: number; errors: { reason: string; domain: string }[] } } } };
  return { status: error.status, body: error.response.data, reason: error.response.data.error.errors[0]!.reason };
};

async function folder(name: string, appProperties?: Record<string, string>) {
  return (await drive.files.create({ requestBody: { name, mimeType: 'application/vnd.google-apps.folder', appProperties }, fields: 'id,name,webViewLink' }, opts)).data;
}

describe('Drive emulator wire format', () => {
  it('creates folders and multipart uploads, honours fields, and finds files by appProperties', async () => {
    const album = await folder('DM Drop', { dmdropRole: 'app-folder' });
    expect(album.webViewLink).toBe(`${emu.url}/drive/folders/${album.id}`);
    expect(album.id).toMatch(/^1[A-Za-z0-9_-]{32}$/);
    const data = Buffer.from('pretend jpeg bytes');
    const created = await drive.files.create({ requestBody: { name: 'Café.jpg', parents: [album.id!] }, media: { mimeType: 'image/jpeg', body: Readable.from([data]) } }, opts);
    // Without `fields`, Drive returns just kind, id, name, mimeType.
    expect(Object.keys(created.data).sort()).toEqual(['id', 'kind', 'mimeType', 'name']);
    const got = await drive.files.get({ fileId: created.data.id!, fields: 'size,md5Checksum,webContentLink,parents' }, opts);
    expect(got.data).toEqual({
      size: String(data.length),
      md5Checksum: createHash('md5').update(data).digest('hex'),
      webContentLink: `${emu.url}/uc?id=${created.data.id}&export=download`,
      parents: [album.id],
    });
    const found = await drive.files.list({ q: "appProperties has { key='dmdropRole' and value='app-folder' } and mimeType = 'application/vnd.google-apps.folder' and trashed = false", fields: 'files(id,name)' }, opts);
    expect(found.data).toEqual({ files: [{ id: album.id, name: 'DM Drop' }] });
    const byName = await drive.files.list({ q: `name = 'Café.jpg' and '${album.id}' in parents`, fields: 'files(id)' }, opts);
    expect(byName.data.files).toEqual([{ id: created.data.id }]);
    expect((await errorOf(drive.files.list({ q: 'fullText contains "x"' }, opts))).body).toMatchObject({ error: { code: 400, errors: [{ reason: 'invalid', location: 'q' }] } });
  });

  it('runs resumable sessions: 308 with Range and no Location, a chunk cut mid-way, a bytes */N status query', async () => {
    const total = 3 * 262_144 + 1000;
    const data = Buffer.alloc(total, 9);
    const init = await fetch(`${emu.url}/upload/drive/v3/files?uploadType=resumable&fields=id,size`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=UTF-8', 'x-upload-content-length': String(total), 'x-upload-content-type': 'image/jpeg' },
      body: JSON.stringify({ name: 'big.jpg' }),
    });
    expect(init.status).toBe(200);
    const session = init.headers.get('location')!;
    expect(session).toMatch(new RegExp(`^${emu.url}/upload/drive/v3/files\\?uploadType=resumable&upload_id=`));
    const put = (range: string, body?: Buffer) => fetch(session, { method: 'PUT', headers: { 'content-range': range }, body, redirect: 'manual' });

    const first = await put(`bytes 0-262143/${total}`, data.subarray(0, 262_144));
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-262143');
    expect(first.headers.get('location')).toBeNull();
    // Unaligned middle chunks are refused.
    expect((await put(`bytes 262144-262243/${total}`, data.subarray(262_144, 262_244))).status).toBe(400);

    emu.faults.add({ route: 'upload.resumable.put', kind: 'drop-mid-chunk' });
    await expect(put(`bytes 262144-786431/${total}`, data.subarray(262_144, 786_432))).rejects.toThrow();
    const status = await put(`bytes */${total}`);
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe('bytes=0-524287'); // half the cut chunk, 256 KiB-aligned, was kept

    const rest = await put(`bytes 524288-${total - 1}/${total}`, data.subarray(524_288));
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual({ id: expect.any(String), size: String(total) });
    expect((await put(`bytes */${total}`)).status).toBe(200);
    expect(emu.files().map((f) => f.sha256)).toEqual([createHash('sha256').update(data).digest('hex')]);
    expect((await fetch(`${emu.url}/upload/drive/v3/files?uploadType=resumable&upload_id=nope`, { method: 'PUT', headers: { 'content-range': `bytes */1` } })).status).toBe(404);
  });

  it('serves links to strangers only while an anyone permission exists on the file or a folder above it', async () => {
    const parent = await folder('Album');
    const data = Buffer.from('album photo');
    const file = (await drive.files.create({ requestBody: { name: 'a.jpg', parents: [parent.id!] }, media: { mimeType: 'image/jpeg', body: Readable.from([data]) } }, opts)).data;
    const uc = `${emu.url}/uc?id=${file.id}&export=download`;
    const closed = await fetch(uc, { redirect: 'manual' });
    expect(closed.status).toBe(302);
    expect(closed.headers.get('location')).toContain('/ServiceLogin');

    const permission = await drive.permissions.create({ fileId: parent.id!, requestBody: { role: 'reader', type: 'anyone', allowFileDiscovery: false }, fields: 'id,type,role,allowFileDiscovery' }, opts);
    expect(permission.data).toEqual({ id: 'anyoneWithLink', type: 'anyone', role: 'reader', allowFileDiscovery: false });
    const open = await fetch(uc, { redirect: 'manual' });
    expect(open.status).toBe(303);
    const bytes = await fetch(open.headers.get('location')!);
    expect(bytes.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(data);
    // The real folder page names its children only inside a hex-escaped script string, and only
    // for a browser it recognises (folder-page.ts); it used to list them as plain <li> items.
    const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0.4758.102 Safari/537.36';
    const page = await (await fetch(`${emu.url}/drive/folders/${parent.id}`, { headers: { 'user-agent': chrome } })).text();
    expect(page).toContain("window['_DRIVE_ivd'] = '");
    expect(page).toContain(`\\x22${file.id}\\x22`);
    expect(page).not.toContain('a.jpg');
    expect(await (await fetch(`${emu.url}/drive/folders/${parent.id}`, { headers: { 'user-agent': 'DM Drop link check' } })).text()).toContain('Update your browser');

    await drive.permissions.delete({ fileId: parent.id!, permissionId: 'anyoneWithLink' }, opts);
    expect((await fetch(uc, { redirect: 'manual' })).status).toBe(302);
    const again = await errorOf(drive.permissions.delete({ fileId: parent.id!, permissionId: 'anyoneWithLink' }, opts));
    expect(again).toMatchObject({ status: 404, reason: 'notFound' });
  });

  it("answers Google's error shapes: notFound, authError, rate limits, cannotSetExpiration, quota", async () => {
    expect(await errorOf(drive.files.get({ fileId: 'nope' }, opts))).toEqual({
      status: 404,
      reason: 'notFound',
      body: { error: { code: 404, message: 'File not found: nope.', errors: [{ message: 'File not found: nope.', domain: 'global', reason: 'notFound', location: 'fileId', locationType: 'parameter' }] } },
    });
    const f = await folder('x');
    expect(await errorOf(drive.permissions.create({ fileId: f.id!, requestBody: { role: 'reader', type: 'anyone', expirationTime: '2030-01-01T00:00:00Z' } }, opts))).toMatchObject({
      status: 403,
      reason: 'cannotSetExpiration',
    });
    emu.faults.add({ route: 'files.list', kind: '403-user-rate-limit' });
    expect(await errorOf(drive.files.list({}, opts))).toMatchObject({ status: 403, reason: 'userRateLimitExceeded', body: { error: { errors: [{ domain: 'usageLimits' }] } } });

    emu.revokeAllTokens();
    const raw = await fetch(`${emu.url}/drive/v3/files`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await raw.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError', location: 'Authorization' }] } });
    const missing = await fetch(`${emu.url}/drive/v3/files`);
    expect(await missing.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'required' }] } });

    const full = await startDriveEmulator({ quotaBytes: 10 });
    try {
      const { drive: d } = await connect(full);
      const quota = await errorOf(d.files.create({ requestBody: { name: 'a' }, media: { mimeType: 'image/jpeg', body: Readable.from([Buffer.alloc(11)]) } }, { rootUrl: `${full.url}/`, retry: false }));
      expect(quota).toMatchObject({ status: 403, reason: 'storageQuotaExceeded', body: { error: { errors: [{ domain: 'usageLimits' }] } } });
    } finally {
      await full.close();
    }
  });

  it('runs the token endpoint as Google does: PKCE bound to the redirect, single-use codes, invalid_grant as 400', async () => {
    const verifier = 'v'.repeat(64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = 'http://127.0.0.1:9/oauth2cb';
    const consent = await fetch(`${emu.url}/o/oauth2/v2/auth?${new URLSearchParams({ client_id: emu.clientId, response_type: 'code', redirect_uri: redirect, scope: 'https://www.googleapis.com/auth/drive.file', access_type: 'offline', code_challenge: challenge, code_challenge_method: 'S256', state: 's1' })}`, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('s1');
    const exchange = (fields: Record<string, string>) =>
      fetch(`${emu.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: emu.clientId, client_secret: emu.clientSecret, grant_type: 'authorization_code', redirect_uri: redirect, ...fields }) });
    const bad = await exchange({ code: back.searchParams.get('code')!, code_verifier: 'wrong' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_grant' });
    // The code was spent by the failed attempt: single use.
    expect((await exchange({ code: back.searchParams.get('code')!, code_verifier: verifier })).status).toBe(400);

    const consent2 = await fetch(consent.url.replace('state=s1', 'state=s2'), { redirect: 'manual' });
    const code = new URL(consent2.headers.get('location')!).searchParams.get('code')!;
    const good = await exchange({ code, code_verifier: verifier });
    expect(await good.json()).toMatchObject({ access_token: expect.stringMatching(/^ya29\./), refresh_token: expect.stringMatching(/^1\/\/0g/), token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/drive.file', expires_in: 3599 });
    const wrongClient = await fetch(`${emu.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'x', grant_type: 'refresh_token', refresh_token: 'y' }) });
    expect(wrongClient.status).toBe(401);
    expect(await wrongClient.json()).toMatchObject({ error: 'invalid_client' });
  });
});
