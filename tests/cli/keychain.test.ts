// The CLI's tokens in the OS keychain: through a fake keychain injected into the real CLI (main,
// in-process), against the Dropbox emulator; the refusal where no keychain answers; and the move
// of a token file left by an older version into the keychain.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { main } from '../../src/cli/main';
import { SECRETS_FILE } from '../../src/core/config/file-secret-store';
import { createKeychainSecretStore } from '../../src/core/config/keychain-secret-store';
import { fakeKeychain, type FakeKeychain } from '../helpers/fake-keychain';
import { collect, jsonLines, runCli, startCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
beforeEach(async () => {
  emu = await startDropboxEmulator();
});
afterEach(async () => {
  await emu.close();
});

/** Runs the CLI in this process with the fake keychain; `onStderr` sees what it prints as it prints it. */
async function dmdrop(argv: string[], env: NodeJS.ProcessEnv, keychain: FakeKeychain, onStderr?: (text: string) => void) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    onStderr?.(err);
  });
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: { ...env, FORCE_COLOR: '0' } }, { keychain });
  return { code, stdout: out, stderr: err };
}

/** Plays the browser: follows the consent URL the CLI prints and lets the emulator approve. */
function approveWhenAsked(stderr: string, state: { done?: boolean }) {
  const match = /(http:\/\/127\.0\.0\.1:\d+\/oauth2\/authorize\S+)/.exec(stderr);
  if (!match || state.done) return;
  state.done = true;
  void fetch(match[1]!, { redirect: 'manual' }).then((approve) => fetch(approve.headers.get('location')!));
}

async function photo(dir: string): Promise<string> {
  const path = join(dir, 'p.png');
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366ff' } }).png().toFile(path);
  return path;
}

describe('the CLI with a keychain', () => {
  it('keeps the refresh token in the keychain only, shares with it, and logout deletes it there', async () => {
    const home = await tempDir();
    const keychain = fakeKeychain();
    const env = { DMDROP_HOME: home, ...emu.dmdropEnv({ signedIn: false }), DMDROP_NO_BROWSER: '1' };
    const state = {};
    const login = await dmdrop(['login', 'dropbox'], env, keychain, (text) => approveWhenAsked(text, state));
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Dropbox is connected');
    // Scoped to this data dir (not the default one), so two homes never share a sign-in.
    const [account, token] = [...keychain.entries][0]!;
    expect(account).toBe(`dropbox.refreshToken @ ${home}`);
    expect(token).toMatch(/\S{16,}/);
    expect(await readdir(home)).not.toContain(SECRETS_FILE);

    const shared = await dmdrop(['share', '--json', await photo(await tempDir())], env, keychain);
    expect(shared.code, shared.stderr).toBe(0);
    expect(emu.files()).toHaveLength(1);

    expect((await dmdrop(['logout'], env, keychain)).code).toBe(0);
    expect(keychain.entries.size).toBe(0);
    expect(emu.requests.some((r) => r.route === 'auth/token/revoke' && r.status === 200)).toBe(true);
  });

  it('moves a token file left by an older version into the keychain on first use, then deletes the file', async () => {
    const home = await tempDir();
    const refreshToken = emu.dmdropEnv().DMDROP_DROPBOX_REFRESH_TOKEN;
    await writeFile(join(home, SECRETS_FILE), JSON.stringify({ 'dropbox.refreshToken': refreshToken }), { mode: 0o600 });
    const keychain = fakeKeychain();
    const env = { DMDROP_HOME: home, ...emu.dmdropEnv({ signedIn: false }) };
    const shared = await dmdrop(['share', '--json', await photo(await tempDir())], env, keychain);
    expect(shared.code, shared.stderr).toBe(0);
    expect(shared.stderr).toContain('Moved the saved sign-in from the token file into the test keychain');
    expect(await readdir(home)).not.toContain(SECRETS_FILE);
    expect(await createKeychainSecretStore(keychain, home).get('dropbox.refreshToken')).toBe(refreshToken);
    // The next run finds nothing to move and still shares.
    const again = await dmdrop(['share', '--json', await photo(await tempDir())], env, keychain);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Moved');
  });

  it('opens the keychain only when a command needs a token, and moves the token file then', async () => {
    const home = await tempDir();
    await writeFile(join(home, SECRETS_FILE), JSON.stringify({ 'dropbox.refreshToken': 'rt-1' }), { mode: 0o600 });
    const keychain = fakeKeychain();
    const asked: string[] = [];
    const watched: FakeKeychain = {
      ...keychain,
      get: (account) => (asked.push(`get ${account}`), keychain.get(account)),
      set: (account, secret) => (asked.push(`set ${account}`), keychain.set(account, secret)),
    };
    // No OAuth client set up: `providers` has no token to look for; `history` never needs one.
    for (const command of ['providers', 'history']) {
      const result = await dmdrop([command], { DMDROP_HOME: home }, watched);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('Moved');
    }
    expect(asked).toEqual([]);
    expect(await readdir(home)).toContain(SECRETS_FILE);
    // With an app key, `providers` reads the token to say "connected": the file moves first.
    const listed = await dmdrop(['providers', '--json'], { DMDROP_HOME: home, DMDROP_DROPBOX_APP_KEY: 'app-key' }, watched);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain('Moved the saved sign-in from the token file into the test keychain');
    expect(jsonLines(listed.stdout).find((p) => p.id === 'dropbox')).toMatchObject({ state: 'connected', client: 'environment' });
    expect(await readdir(home)).not.toContain(SECRETS_FILE);
    expect(keychain.entries.get(`dropbox.refreshToken @ ${home}`)).toBe('rt-1');
  });

  it('keeps the token file when the keychain does not keep what it was given', async () => {
    const home = await tempDir();
    await writeFile(join(home, SECRETS_FILE), JSON.stringify({ 'dropbox.refreshToken': 'rt-1' }), { mode: 0o600 });
    const forgetful = { ...fakeKeychain(), get: async () => undefined };
    // `providers` with an app key reads the token, so it opens the store and tries the move.
    const result = await dmdrop(['providers'], { DMDROP_HOME: home, DMDROP_DROPBOX_APP_KEY: 'app-key' }, forgetful);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did not keep the token');
    expect(JSON.parse(await readFile(join(home, SECRETS_FILE), 'utf8'))).toEqual({ 'dropbox.refreshToken': 'rt-1' });
  });
});

describe('the CLI where no keychain answers', () => {
  it('refuses to log in, before any browser opens, and says how to allow the file', async () => {
    const home = await tempDir();
    const env = { DMDROP_HOME: home, ...emu.dmdropEnv({ signedIn: false }), DMDROP_NO_BROWSER: '1', DMDROP_KEYCHAIN: 'none' };
    const result = await runCli(['login', 'dropbox'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No keychain answered .*--plaintext-token.*allowUnencryptedTokens.*\[KEYCHAIN_UNAVAILABLE\]/s);
    expect(result.stderr).not.toContain('oauth2/authorize');
    expect(await readdir(home)).not.toContain(SECRETS_FILE);
  });

  it('stores the token in the 0600 file when settings allow unencrypted tokens', async () => {
    const home = await tempDir();
    await writeFile(join(home, 'settings.json'), JSON.stringify({ allowUnencryptedTokens: true }));
    const env = { DMDROP_HOME: home, ...emu.dmdropEnv({ signedIn: false }), DMDROP_NO_BROWSER: '1', DMDROP_KEYCHAIN: 'none' };
    const child = startCli(['login', 'dropbox'], env);
    const done = collect(child);
    const state = {};
    let seen = '';
    child.stderr!.on('data', (d: Buffer) => approveWhenAsked((seen += d.toString()), state));
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('the sign-in goes to the token file');
    expect((await stat(join(home, SECRETS_FILE))).mode & 0o777).toBe(0o600);
  });
});
