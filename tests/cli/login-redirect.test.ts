// Dropbox accepts only redirect URIs registered exactly (path and port included), so the sign-in
// must come back to the one the README registers, and a busy port must say what to do instead of
// ending on Dropbox's "Invalid redirect_uri" page. Google desktop clients may use any loopback port.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, REGISTERED_REDIRECT_URI, type DropboxEmulator } from '../../emulators/dropbox/server';
import { variants } from '../../emulators/dropbox/variants';
import { loginDrive } from '../../src/core/providers/drive/drive-login';
import { startDriveEmulator } from '../../emulators/google-drive/server';
import { DROPBOX_REDIRECT_PORT, dropboxRedirectUri } from '../../src/core/providers/dropbox/dropbox-descriptor';
import { defaultSettings } from '../../src/shared/settings-schema';
import { useTempDirs } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tempDir = useTempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function occupy(port = 0): Promise<number> {
  const server: Server = createServer((_, res) => res.end('someone else'));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

function authorizeUrl(emu: DropboxEmulator, redirectUri: string): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: emu.appKey, redirect_uri: redirectUri, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
  return `${emu.url}/oauth2/authorize?${q}`;
}

describe('Dropbox redirect URIs', () => {
  it('is the URI the README registers, and the default setting points at it', () => {
    expect(dropboxRedirectUri(defaultSettings().dropbox.redirectPort)).toBe(REGISTERED_REDIRECT_URI);
    expect(DROPBOX_REDIRECT_PORT).toBe(53682);
  });

  it('the emulator refuses any redirect URI not registered exactly, like the real service', async () => {
    const emu = await startDropboxEmulator();
    closers.push(() => emu.close());
    const ok = await fetch(authorizeUrl(emu, REGISTERED_REDIRECT_URI), { redirect: 'manual' });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:53682\/callback\?code=/);
    for (const other of ['http://127.0.0.1:53683/callback', 'http://127.0.0.1:53682/other', 'http://localhost:53682/callback']) {
      const refused = await fetch(authorizeUrl(emu, other), { redirect: 'manual' });
      expect(refused.status, other).toBe(400);
      expect(await refused.text()).toContain('Invalid redirect_uri');
    }
  });

  it('under the any-loopback-port variant only the port may differ', async () => {
    const emu = await startDropboxEmulator(variants['dropbox-redirect-any-loopback-port']!.options);
    closers.push(() => emu.close());
    expect((await fetch(authorizeUrl(emu, 'http://127.0.0.1:40123/callback'), { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(authorizeUrl(emu, 'http://127.0.0.1:40123/elsewhere'), { redirect: 'manual' })).status).toBe(400);
  });

  it('a busy port fails `dmdrop login dropbox` with the exact URI to register and the setting that moves it', async () => {
    const emu = await startDropboxEmulator();
    closers.push(() => emu.close());
    const busy = await occupy();
    const result = await runCli(['login', 'dropbox', '--plaintext-token'], { DMDROP_HOME: await tempDir(), ...emu.dmdropEnv({ signedIn: false }), DMDROP_OAUTH_PORT: String(busy), DMDROP_NO_BROWSER: '1', DMDROP_KEYCHAIN: 'none' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`http://127.0.0.1:${busy}/callback`);
    expect(result.stderr).toContain('dropbox.redirectPort');
    expect(result.stderr).toContain('Redirect URIs');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // a sentence, not a stack trace
  });
});

describe('Google redirect URIs', () => {
  it('a busy port is no obstacle: desktop clients may come back to any loopback port', async () => {
    const emu = await startDriveEmulator();
    closers.push(() => emu.close());
    const busy = await occupy();
    let consent = '';
    const login = loginDrive({ clientId: emu.clientId, clientSecret: emu.clientSecret, endpoint: emu.url, port: busy, openUrl: (url) => void (consent = url) });
    await expect.poll(() => consent).not.toBe('');
    const redirectUri = new URL(consent).searchParams.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2cb$/);
    expect(redirectUri).not.toContain(`:${busy}/`);
    const approve = await fetch(consent, { redirect: 'manual' });
    await fetch(approve.headers.get('location')!);
    // The token it stored is one the emulator issued: it refreshes.
    const { refreshToken } = await login;
    const refreshed = await fetch(`${emu.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: emu.clientId, client_secret: emu.clientSecret }),
    });
    expect(refreshed.status).toBe(200);
  });
});
