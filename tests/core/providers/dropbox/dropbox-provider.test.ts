// The Dropbox provider through the official SDK against the loopback emulator: real HTTP, real
// SDK, faults injected by the emulator. Sleeps are recorded by an instant clock, not waited for.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../../emulators/dropbox/server';
import { alternativePath, createDropboxProvider } from '../../../../src/core/providers/dropbox/dropbox-provider';
import { verifyLink } from '../../../../src/core/links/verify-link';
import { anonymousGet } from '../../../../src/core/links/anonymous-get';
import { strangerStillGets } from '../../../../src/core/links/link-probe';
import { instantClock } from '../../../helpers/instant-clock';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let emu: DropboxEmulator;
beforeEach(async () => {
  emu = await startDropboxEmulator();
});
afterEach(async () => {
  await emu.close();
});

function provider(options: { chunkThreshold?: number; chunkSize?: number; refreshToken?: string } = {}) {
  const clock = instantClock();
  const p = createDropboxProvider({
    appKey: emu.appKey,
    refreshToken: options.refreshToken ?? emu.issueRefreshToken(),
    endpoint: emu.url,
    folder: '/DM Drop',
    clock,
    random: () => 0.5,
    chunkThreshold: options.chunkThreshold,
    chunkSize: options.chunkSize,
  });
  return { p, clock };
}

describe('Dropbox provider', () => {
  it('uploads, makes a public view-only link and the link returns exactly our bytes anonymously', async () => {
    const { p } = provider();
    const data = randomBytes(50_000);
    const progress: number[] = [];
    const remote = await p.upload({ data, remotePath: p.remotePathFor('dmdrop-abc123.jpg'), mime: 'image/jpeg', onProgress: (s) => progress.push(s) });
    expect(remote.path).toBe('/DM Drop/dmdrop-abc123.jpg');
    expect(progress.at(-1)).toBe(data.length);
    const link = await p.createLink(remote);
    expect(link).toMatchObject({ access: 'viewer', audience: 'public' });
    expect(link.url).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fi\/[^/]+\/dmdrop-abc123\.jpg\?rlkey=[^&]+&dl=0$/);
    expect(link.directUrl).toContain('raw=1');
    await verifyLink({ url: link.url, directUrl: link.directUrl, expected: { sha256: sha256(data), size: data.length }, fetch: p.anonymousFetch });
    expect(emu.files()).toEqual([expect.objectContaining({ path: '/DM Drop/dmdrop-abc123.jpg', size: data.length, sha256: sha256(data) })]);
  });

  it('uses an upload session above the threshold and recovers from a lost append response', async () => {
    const { p } = provider({ chunkThreshold: 100_000, chunkSize: 64 * 1024 });
    const data = randomBytes(300_000);
    emu.faults.add({ route: 'files/upload_session/append_v2', kind: 'lost-response', times: 1 });
    const remote = await p.upload({ data, remotePath: '/DM Drop/big.jpg', mime: 'image/jpeg' });
    expect(remote.size).toBe(data.length);
    expect(emu.files()[0]?.sha256).toBe(sha256(data));
    expect(emu.requests.some((r) => r.route === 'files/upload_session/finish' && r.status === 200)).toBe(true);
  });

  it('a lost upload answer, under a name another file already holds, does not store the photo twice', async () => {
    // --keep-names: the photo's own name, already taken in the folder by a different photo.
    const { p } = provider();
    const theirs = randomBytes(1000);
    await p.upload({ data: theirs, remotePath: '/DM Drop/IMG_0001.jpg', mime: 'image/jpeg' });
    const ours = randomBytes(2000);
    emu.faults.add({ route: 'files/upload', kind: 'lost-response', times: 1 });
    const remote = await p.upload({ data: ours, remotePath: '/DM Drop/IMG_0001.jpg', mime: 'image/jpeg' });
    expect(emu.files().filter((f) => f.sha256 === sha256(ours))).toEqual([expect.objectContaining({ path: remote.path })]);
    expect(emu.files().filter((f) => f.sha256 === sha256(theirs))).toEqual([expect.objectContaining({ path: '/DM Drop/IMG_0001.jpg' })]);
  });

  it('a name another file holds is settled the same way in one call and in a session, and findExisting looks there too', async () => {
    const theirs = randomBytes(1000);
    for (const [name, options] of [
      ['IMG_0002.jpg', {}],
      ['IMG_0003.jpg', { chunkThreshold: 100_000, chunkSize: 64 * 1024 }],
    ] as const) {
      const { p } = provider(options);
      const wanted = `/DM Drop/${name}`;
      await p.upload({ data: theirs, remotePath: wanted, mime: 'image/jpeg' });
      const ours = randomBytes(300_000);
      // Never sent yet: nothing of ours at either name.
      expect(await p.findExisting(wanted, ours)).toBeUndefined();
      const remote = await p.upload({ data: ours, remotePath: wanted, mime: 'image/jpeg' });
      expect(remote.path).toBe(alternativePath(wanted, remote.contentHash!));
      expect(remote.path).toMatch(/^\/DM Drop\/IMG_000[23] \([0-9a-f]{8}\)\.jpg$/);
      // A resumed job (its "uploaded" step never written) finds it, and a second upload lands on it.
      expect(await p.findExisting(wanted, ours)).toMatchObject({ path: remote.path });
      expect((await p.upload({ data: ours, remotePath: wanted, mime: 'image/jpeg' })).path).toBe(remote.path);
      expect(emu.files().filter((f) => f.sha256 === sha256(ours))).toHaveLength(1);
      expect(emu.files().find((f) => f.path === wanted)?.sha256).toBe(sha256(theirs));
    }
  });

  it('reuses the link that already exists instead of failing', async () => {
    const { p } = provider();
    const data = randomBytes(1000);
    const remote = await p.upload({ data, remotePath: '/DM Drop/a.jpg', mime: 'image/jpeg' });
    const first = await p.createLink(remote);
    const second = await p.createLink(remote);
    expect(second.url).toBe(first.url);
  });

  it('finds an earlier upload of the same bytes and ignores different bytes at that path', async () => {
    const { p } = provider();
    const data = randomBytes(2000);
    expect(await p.findExisting('/DM Drop/x.jpg', data)).toBeUndefined();
    await p.upload({ data, remotePath: '/DM Drop/x.jpg', mime: 'image/jpeg' });
    expect(await p.findExisting('/DM Drop/x.jpg', data)).toMatchObject({ path: '/DM Drop/x.jpg', size: 2000 });
    expect(await p.findExisting('/DM Drop/x.jpg', randomBytes(2000))).toBeUndefined();
  });

  it('revoking closes the link for strangers at once', async () => {
    const { p } = provider();
    const data = randomBytes(1000);
    const link = await p.createLink(await p.upload({ data, remotePath: '/DM Drop/r.jpg', mime: 'image/jpeg' }));
    await p.revoke(link.url);
    // The real service answers a dead link with an HTML page, often with status 200: no photo is closed.
    const probe = await anonymousGet(p.anonymousFetch, link.directUrl);
    expect(probe.response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await strangerStillGets(p, link.url)).toBe(false);
    await p.revoke(link.url); // already gone: not an error
  });

  it('refreshes an expired access token and retries the call once', async () => {
    const { p } = provider();
    await p.upload({ data: randomBytes(10), remotePath: '/DM Drop/t1.jpg', mime: 'image/jpeg' });
    emu.faults.add({ route: 'files/upload', kind: 'expired-token', times: 1 });
    await p.upload({ data: randomBytes(10), remotePath: '/DM Drop/t2.jpg', mime: 'image/jpeg' });
    expect(emu.files().map((f) => f.path).sort()).toEqual(['/DM Drop/t1.jpg', '/DM Drop/t2.jpg']);
    expect(emu.requests.filter((r) => r.route === 'oauth2/token').length).toBeGreaterThanOrEqual(2);
  });

  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    const { p, clock } = provider();
    emu.faults.add({ route: 'files/upload', kind: '429-json', retryAfter: 3, times: 1 });
    await p.upload({ data: randomBytes(10), remotePath: '/DM Drop/rl.jpg', mime: 'image/jpeg' });
    expect(clock.sleeps).toEqual([3000]);
  });

  it('retries 5xx and dropped connections with backoff', async () => {
    const { p, clock } = provider();
    emu.faults.add({ route: 'files/upload', kind: '503', times: 1 });
    emu.faults.add({ route: 'files/upload', kind: 'drop-before-response', times: 1 });
    emu.faults.add({ route: 'sharing/create_shared_link_with_settings', kind: '500', times: 1 });
    const data = randomBytes(100);
    const link = await p.createLink(await p.upload({ data, remotePath: '/DM Drop/flaky.jpg', mime: 'image/jpeg' }));
    expect(link.access).toBe('viewer');
    expect(clock.sleeps).toHaveLength(3);
    expect(emu.files()).toHaveLength(1);
  });

  it('gives up on a revoked refresh token with a reconnect message', async () => {
    const token = emu.issueRefreshToken();
    emu.revokeAllTokens();
    const { p } = provider({ refreshToken: token });
    await expect(p.upload({ data: randomBytes(10), remotePath: '/DM Drop/n.jpg', mime: 'image/jpeg' })).rejects.toMatchObject({
      code: 'AUTH_REVOKED',
      message: expect.stringContaining('dmdrop login dropbox'),
    });
  });
});

describe('link verification against a misbehaving provider', () => {
  async function shared() {
    const { p } = provider();
    const data = randomBytes(5000);
    const remote = await p.upload({ data, remotePath: '/DM Drop/v.jpg', mime: 'image/jpeg' });
    const link = await p.createLink(remote);
    const check = () => verifyLink({ url: link.url, directUrl: link.directUrl, expected: { sha256: sha256(data), size: data.length }, fetch: p.anonymousFetch });
    return { link, check };
  }

  it('catches a link that serves other bytes', async () => {
    const { check } = await shared();
    emu.misbehave.linkServesWrongBytes('/DM Drop/v.jpg');
    await expect(check()).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', message: expect.stringContaining('different bytes') });
  });

  it('catches a link that asks strangers to sign in', async () => {
    const { check } = await shared();
    emu.misbehave.linkRequiresLogin('/DM Drop/v.jpg');
    await expect(check()).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', message: expect.stringMatching(/sign.in|not public/) });
  });

  it('catches a link revoked behind our back', async () => {
    const { check } = await shared();
    emu.misbehave.linkReturnsNotFound('/DM Drop/v.jpg');
    await expect(check()).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED', message: expect.stringContaining('404') });
  });
});
