// dmdrop login/logout drive against the Drive emulator's Google OAuth endpoints: PKCE S256,
// offline access with a forced consent, drive.file only; the token then drives sharing; logout
// revokes it at Google; a dead refresh token ("Testing" apps, after 7 days) asks to reconnect.
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startDriveEmulator, type DriveEmulator } from '../../emulators/google-drive/server';
import { collect, jsonLines, runCli, startCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DriveEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

function consentUrl(child: ReturnType<typeof startCli>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (d: Buffer) => {
      seen += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('close', () => reject(new Error(`login exited before printing a URL:\n${seen}`)));
  });
}

async function photo(dir: string): Promise<string> {
  const path = join(dir, 'p.png');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#33aa66' } }).png().toFile(path);
  return path;
}

describe('dmdrop login drive', () => {
  it('connects with PKCE and offline access, shares with the stored token, and logout revokes it at Google', async () => {
    emu = await startDriveEmulator();
    const home = await tempDir();
    const env = {
      DMDROP_HOME: home,
      ...emu.dmdropEnv({ signedIn: false }),
      DMDROP_OAUTH_PORT: '0',
      DMDROP_NO_BROWSER: '1',
      DMDROP_KEYCHAIN: 'none',
    };
    const child = startCli(['login', 'drive', '--plaintext-token'], env);
    const done = collect(child);
    const url = new URL(await consentUrl(child));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/drive.file');
    const approve = await fetch(url, { redirect: 'manual' });
    expect(approve.status).toBe(302);
    expect((await fetch(approve.headers.get('location')!)).status).toBe(200);
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Google Drive is connected');

    const shared = await runCli(['share', '--provider', 'drive', '--json', await photo(home)], env);
    expect(shared.code, shared.stderr).toBe(0);
    expect(jsonLines(shared.stdout)[0]).toMatchObject({ ok: true, provider: 'drive', verified: true });

    const providers = jsonLines((await runCli(['providers', '--json'], env)).stdout);
    expect(providers.find((p) => p.id === 'drive')).toMatchObject({ state: 'connected' });

    const logout = await runCli(['logout', 'drive'], env);
    expect(logout.code, logout.stderr).toBe(0);
    expect(emu.requests.some((r) => r.route === 'oauth.revoke' && r.status === 200)).toBe(true);
    const after = await runCli(['share', '--provider', 'drive', await photo(home)], env);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('dmdrop login drive');
  });

  it('tells the user to reconnect when Google ends a "Testing" sign-in after 7 days, and loses nothing', async () => {
    let now = Date.now();
    emu = await startDriveEmulator({ refreshTokenLifetimeSec: 7 * 24 * 3600, now: () => now });
    const home = await tempDir();
    const env = {
      DMDROP_HOME: home,
      ...emu.dmdropEnv(),
    };
    expect((await runCli(['share', '--provider', 'drive', await photo(home)], env)).code).toBe(0);
    now += 8 * 24 * 3600 * 1000;
    const expired = await runCli(['share', '--provider', 'drive', '--json', await photo(home)], env);
    expect(expired.code).toBe(1);
    const line = jsonLines(expired.stdout)[0]!;
    expect(line).toMatchObject({ ok: false, error: { code: 'AUTH_EXPIRED' } });
    expect(String((line.error as { message: string }).message)).toMatch(/Testing.*7 days.*dmdrop login drive/);
    expect(expired.stderr).not.toMatch(/at .*\.ts:\d+/); // a sentence, never a stack trace

    // Reconnected (a fresh grant), `dmdrop resume` finishes the photo that waited.
    const resumed = await runCli(['resume', '--json'], { ...env, DMDROP_DRIVE_REFRESH_TOKEN: emu.issueRefreshToken() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(jsonLines(resumed.stdout)).toEqual([expect.objectContaining({ ok: true, provider: 'drive', verified: true })]);
  });
});
