// dmdrop login/logout against the emulator's OAuth endpoints: the test plays the browser, following
// the printed consent URL; the CLI's loopback server receives the code and exchanges it with PKCE.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { SECRETS_FILE } from '../../src/core/config/file-secret-store';
import { useTempDirs } from '../helpers/temp-dir';
import { collect, runCli, startCli } from '../helpers/run-cli';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
beforeEach(async () => {
  emu = await startDropboxEmulator();
});
afterEach(async () => {
  await emu.close();
});

/** The consent URL the CLI prints, once it appears on stderr. */
function consentUrl(child: ReturnType<typeof startCli>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (d: Buffer) => {
      seen += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/oauth2\/authorize\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('close', () => reject(new Error(`login exited before printing a URL:\n${seen}`)));
  });
}

describe('dmdrop login dropbox', () => {
  it('connects with PKCE, stores the refresh token 0600 when asked to (no keychain), and logout revokes it at Dropbox', async () => {
    const home = await tempDir();
    // No keychain on a test machine (and never the developer's own): the token file, chosen explicitly.
    const env = { DMDROP_HOME: home, ...emu.dmdropEnv({ signedIn: false }), DMDROP_NO_BROWSER: '1', DMDROP_KEYCHAIN: 'none' };
    const child = startCli(['login', 'dropbox', '--plaintext-token'], env);
    const done = collect(child);
    const url = new URL(await consentUrl(child));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('token_access_type')).toBe('offline');
    // The browser: the emulator auto-approves and redirects to the CLI's loopback callback.
    const approve = await fetch(url, { redirect: 'manual' });
    expect(approve.status).toBe(302);
    const callback = await fetch(approve.headers.get('location')!);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('connected');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dropbox is connected');
    expect((await stat(join(home, SECRETS_FILE))).mode & 0o777).toBe(0o600);

    // The stored token is what sharing uses (no token in the environment).
    const photo = join(home, 'p.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366ff' } }).png().toFile(photo);
    const shared = await runCli(['share', '--json', photo], env);
    expect(shared.code, shared.stderr).toBe(0);
    expect(emu.files()).toHaveLength(1);

    const logout = await runCli(['logout'], env);
    expect(logout.code, logout.stderr).toBe(0);
    expect(emu.requests.some((r) => r.route === 'auth/token/revoke' && r.status === 200)).toBe(true);
    // the revoked connection is gone for good: sharing now needs a new login
    const after = await runCli(['share', photo], env);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('dmdrop login dropbox');
  });

  it('refuses a callback whose state does not match', async () => {
    const env = { DMDROP_HOME: await tempDir(), ...emu.dmdropEnv({ signedIn: false }), DMDROP_NO_BROWSER: '1', DMDROP_KEYCHAIN: 'none' };
    const child = startCli(['login', 'dropbox', '--plaintext-token'], env);
    const done = collect(child);
    const url = new URL(await consentUrl(child));
    const approve = await fetch(url, { redirect: 'manual' });
    const forged = new URL(approve.headers.get('location')!);
    forged.searchParams.set('state', 'forged');
    expect((await fetch(forged)).status).toBe(400);
    // the genuine one still completes the login
    expect((await fetch(approve.headers.get('location')!)).status).toBe(200);
    expect((await done).code).toBe(0);
  });
});
