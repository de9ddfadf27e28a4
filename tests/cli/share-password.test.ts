// dmdrop share --password: a Dropbox paid account makes a link strangers must type the password
// for, verified by typing it as the recipient would; the basic account and Google Drive refuse
// with a clear error, never an open link instead; the password is never an argument nor printed.
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { startDriveEmulator } from '../../emulators/google-drive/server';
import { readPassword } from '../../src/cli/read-password';
import { jsonLines, runCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';
import { closeAfterEach } from '../helpers/close-after-each';

const tempDir = useTempDirs();
const closing = closeAfterEach();

const PASSWORD = 'correct horse 7';

async function photo(): Promise<string> {
  const path = join(await tempDir(), 'p.jpg');
  await writeFile(path, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c84' } }).jpeg().toBuffer());
  return path;
}

describe('dmdrop share --password', () => {
  it('on a paid Dropbox: a link that asks strangers for the password, verified with it, the password printed nowhere', async () => {
    const dropbox = closing(await startDropboxEmulator({ accountType: 'pro' }));
    const env = { DMDROP_HOME: await tempDir(), ...dropbox.dmdropEnv() };
    const result = await runCli(['share', '--json', '--password', await photo()], env, { input: `${PASSWORD}\nnot read\n` });
    expect(result.code, result.stderr).toBe(0);
    const [line] = jsonLines(result.stdout);
    expect(line).toMatchObject({ ok: true, verified: true, passwordProtected: true });
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    // Nor on disk: the journal records only that the link has one.
    let journal = '';
    for (const name of await readdir(env.DMDROP_HOME, { recursive: true })) {
      const path = join(env.DMDROP_HOME, name);
      if (!(await stat(path)).isFile()) continue;
      const text = await readFile(path, 'utf8');
      expect(text, name).not.toContain(PASSWORD);
      if (/^journal\.log$|^history[\\/]/.test(name)) journal += text;
    }
    expect(journal).toMatch(/"passwordProtected":\s*true/);
    expect(String(line!.dm)).toMatch(/^📷 Tap to view, no login needed: /);

    // A stranger without the password: no bytes, the page asks for it.
    const local = (url: string) => url.replace('https://www.dropbox.com', dropbox!.url);
    const direct = await fetch(local(String(line!.directUrl)), { redirect: 'follow' });
    expect(direct.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await direct.text()).toContain('password protected');
    // The verifier typed the password into the page, as the recipient will.
    expect(dropbox.requests.filter((r) => r.route === 'sm/password').map((r) => r.status)).toContain(302);
    const wrong = await fetch(`${dropbox.url}/sm/password`, { method: 'POST', body: new URLSearchParams({ url: String(line!.url).replace(/[?&]raw=1/, ''), password: 'guess' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
  });

  it('on a basic Dropbox: refused before anything is uploaded, because the account’s plan says it cannot', async () => {
    const dropbox = closing(await startDropboxEmulator({ accountType: 'basic' }));
    const env = { DMDROP_HOME: await tempDir(), ...dropbox.dmdropEnv() };
    const result = await runCli(['share', '--json', '--password', await photo()], env, { input: `${PASSWORD}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Dropbox allows link passwords on paid plans.*\[PASSWORD_LINKS_UNAVAILABLE\]/);
    expect(dropbox.requests.some((r) => r.route === 'users/get_current_account' && r.status === 200)).toBe(true);
    expect(dropbox.requests.filter((r) => r.route === 'files/upload' || r.route.startsWith('sharing/'))).toEqual([]);
    expect(dropbox.files()).toEqual([]);
  });

  it('on Google Drive: refused before anything is uploaded, saying Drive cannot', async () => {
    const drive = closing(await startDriveEmulator());
    const env = { DMDROP_HOME: await tempDir(), ...drive.dmdropEnv() };
    const result = await runCli(['share', '--provider', 'drive', '--password', await photo()], env, { input: `${PASSWORD}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Google Drive cannot put a password on a link that anyone can open.*\[PASSWORD_LINKS_UNAVAILABLE\]/);
    expect(drive.requests.some((r) => r.method === 'POST' && /upload/.test(r.route))).toBe(false);
  });

  it('never takes the password as an argument value, and says why without echoing it', async () => {
    const result = await runCli(['share', '--password=hunter2', 'x.jpg'], { DMDROP_HOME: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('`ps` and shell history');
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('reading the password', () => {
  it('on a terminal: typed twice without echo, backspace honoured', async () => {
    const raw: boolean[] = [];
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (on: boolean) => raw.push(on) });
    const prompt = new PassThrough();
    let shown = '';
    prompt.setEncoding('utf8').on('data', (d: string) => {
      shown += d;
      // Each prompt is answered as a person would type, in pieces.
      if (d.includes('not shown')) tty.write('sex\u007fcret\r');
      if (d.includes('again')) tty.write('secret\n');
    });
    expect(await readPassword(tty, prompt)).toBe('secret');
    expect(shown).not.toContain('secret');
    expect(raw).toEqual([true, false, true, false]);
  });

  it('from a pipe: the first line only; an empty one is refused', async () => {
    const pipe = new PassThrough();
    pipe.end('s3cret\r\nsecond line\n');
    expect(await readPassword(pipe, new PassThrough())).toBe('s3cret');
    const empty = new PassThrough();
    empty.end('\n');
    await expect(readPassword(empty, new PassThrough())).rejects.toThrow('empty');
  });
});
