// Secrets stay where they belong: after connecting both providers, sharing, revoking and reading
// history, no file DM Drop wrote (journal, settings, watch state, staging) and no output carries a
// refresh token, an access token, an authorization code or a PKCE verifier. Only the token file
// holds the refresh tokens, and it is readable by its owner alone.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDriveEmulator } from '../../emulators/google-drive/server';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { SECRETS_FILE } from '../../src/core/config/file-secret-store';
import { collect, runCli, startCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';
import { closeAfterEach } from '../helpers/close-after-each';
import { recordFigures } from './figures';

const tempDir = useTempDirs();
const closing = closeAfterEach();

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else out.push(path);
  }
  return out;
}

/** Logs in through the CLI, playing the browser; returns everything the CLI printed. */
async function login(provider: 'dropbox' | 'drive', env: NodeJS.ProcessEnv): Promise<string> {
  const child = startCli(['login', provider, '--plaintext-token'], env);
  const done = collect(child);
  const url = await new Promise<string>((resolve) => {
    let seen = '';
    child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*(authorize|auth)\S*)/.exec(seen);
      if (match) resolve(match[1]!);
    });
  });
  const consent = await fetch(url, { redirect: 'manual' });
  await fetch(consent.headers.get('location')!);
  const result = await done;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout + result.stderr + url;
}

describe('secrets', () => {
  it('never leave the token file, which only its owner can read', async () => {
    const dropbox = closing(await startDropboxEmulator());
    const drive = closing(await startDriveEmulator());
    const home = await tempDir();
    const env = {
      DMDROP_HOME: home,
      ...dropbox.dmdropEnv({ signedIn: false }),
      ...drive.dmdropEnv({ signedIn: false }),
      DMDROP_NO_BROWSER: '1',
      // The file, chosen explicitly: no keychain answers on a test machine (and the developer's stays untouched).
      DMDROP_KEYCHAIN: 'none',
    };
    let output = (await login('dropbox', env)) + (await login('drive', env));
    const tokens = JSON.parse(await readFile(join(home, SECRETS_FILE), 'utf8')) as Record<string, string>;
    const refreshTokens = Object.values(tokens);
    expect(refreshTokens).toHaveLength(2);
    expect((await stat(join(home, SECRETS_FILE))).mode & 0o777).toBe(0o600);

    const photo = join(await tempDir(), 'p.jpg');
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#abc' } }).jpeg().toFile(photo);
    for (const provider of ['dropbox', 'drive']) {
      const shared = await runCli(['share', '--json', '--provider', provider, photo], env);
      expect(shared.code, shared.stderr).toBe(0);
      output += shared.stdout + shared.stderr;
      const url = (JSON.parse(shared.stdout.trim().split('\n')[0]!) as { url: string }).url;
      const revoked = await runCli(['revoke', '--json', url], env);
      output += revoked.stdout + revoked.stderr;
    }
    const history = await runCli(['history', '--json'], env);
    output += history.stdout + history.stderr;

    const secretPatterns = [...refreshTokens.map((t) => new RegExp(t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))), /sl\.u\.[A-Za-z0-9_-]{20,}/, /ya29\.[A-Za-z0-9_-]{20,}/, /code_verifier/, /4\/0A[A-Za-z0-9_-]{20,}/];
    const files = (await allFiles(home)).filter((f) => !f.endsWith(SECRETS_FILE));
    expect(files.map((f) => f.slice(home.length))).toContain('/journal.log');
    for (const file of files) {
      const text = await readFile(file, 'latin1');
      for (const pattern of secretPatterns) expect(pattern.test(text), `${file} ~ ${pattern}`).toBe(false);
    }
    for (const pattern of secretPatterns) expect(pattern.test(output), `output ~ ${pattern}`).toBe(false);
    await recordFigures('secrets', { filesScanned: files.length, patterns: secretPatterns.length, leaks: 0, tokenFileMode: '0600' });
  });
});
