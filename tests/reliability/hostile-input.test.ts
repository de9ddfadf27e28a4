// Hostile and broken files through the whole pipeline: each gets a clear per-file answer (shared
// clean, or refused with its own code), nothing hangs or crashes, originals are never modified, and
// nothing hidden in a file (a zip tail, XMP, an ICC blob, a path in its name) reaches the provider.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../emulators/dropbox/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine } from '../../src/core/engine/engine';
import { useTempDirs } from '../helpers/temp-dir';
import { closeAfterEach } from '../helpers/close-after-each';
import { recordFigures } from './figures';
import { noSecrets } from '../helpers/no-secrets';

const tempDir = useTempDirs();
const closing = closeAfterEach();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A JPEG with an extra marker segment inserted right after SOI. */
function withSegment(jpeg: Buffer, marker: number, body: Buffer): Buffer {
  const segments: Buffer[] = [];
  for (let off = 0; off < body.length; off += 65000) {
    const part = body.subarray(off, off + 65000);
    segments.push(Buffer.from([0xff, marker, (part.length + 2) >> 8, (part.length + 2) & 0xff]), part);
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

describe('hostile input', () => {
  it('answers every hostile file clearly and leaks nothing hidden in it', async () => {
    const emu = closing(await startDropboxEmulator());
    const dataDir = await tempDir();
    const settings = await loadFileSettings(dataDir);
    await settings.update({ keepOriginalNames: true });
    const engine = closing(await openEngine({ dataDir, settings, secrets: noSecrets, env: emu.dmdropEnv() }));
    const dir = await tempDir();
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#456', noise: { type: 'gaussian', mean: 128, sigma: 20 } } }).jpeg().toBuffer();
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('secret-archive-content'.repeat(20)), Buffer.from('PK\x05\x06'), Buffer.alloc(18)]);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><x:xmpmeta xmlns:x="adobe:ns:meta/">&lol9;</x:xmpmeta>`;
    const cases: { name: string; data?: Buffer; make?: (path: string) => Promise<void>; expect: 'ok' | string; leak?: string }[] = [
      { name: 'polyglot.jpg', data: Buffer.concat([jpeg, zip]), expect: 'ok', leak: 'secret-archive-content' },
      { name: 'bad-exif.jpg', data: withSegment(jpeg, 0xe1, Buffer.concat([Buffer.from('Exif\0\0MM\0*'), Buffer.alloc(200, 0xff)])), expect: 'ok' },
      { name: 'laughs.jpg', data: withSegment(jpeg, 0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${laughs}`)), expect: 'ok', leak: 'ENTITY' },
      { name: 'huge-icc.jpg', data: withSegment(jpeg, 0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0'), Buffer.from([1, 1]), Buffer.alloc(300_000, 0x41)])), expect: 'ok', leak: 'AAAAAAAAAAAAAAAA' },
      { name: 'archive.jpg', data: zip, expect: 'NOT_AN_IMAGE' },
      { name: 'etc-passwd.jpg', make: (p) => symlink('/etc/passwd', p), expect: 'NOT_AN_IMAGE' },
      { name: 'pipe.jpg', make: async (p) => void execFileSync('mkfifo', [p]), expect: 'NOT_A_REGULAR_FILE' },
      { name: '..\u0007evil\nname\u202e.jpg', data: jpeg, expect: 'ok' },
      { name: 'truncated.jpg', data: jpeg.subarray(0, 700), expect: 'IMAGE_CORRUPT' },
    ];
    const before = new Map<string, string>();
    const paths = await Promise.all(
      cases.map(async (c) => {
        const path = join(dir, c.name);
        if (c.make) await c.make(path);
        else await writeFile(path, c.data!);
        if (c.data) before.set(path, sha(c.data));
        return path;
      }),
    );
    const outcomes = await engine.share(paths);
    for (const [i, c] of cases.entries()) {
      const outcome = outcomes[i]!;
      if (c.expect === 'ok') expect(outcome, c.name).toMatchObject({ ok: true, verified: true });
      else expect(outcome, c.name).toMatchObject({ ok: false, error: { code: c.expect } });
      if (!outcome.ok) expect(outcome.error.message.length, c.name).toBeGreaterThan(20);
    }
    // Originals untouched.
    for (const [path, hash] of before) expect(sha(await readFile(path)), path).toBe(hash);
    // Nothing hidden reached the provider, and no stored name carries a path or control characters.
    const stored = emu.fileContents().map((b) => b.toString('latin1'));
    for (const c of cases.filter((x) => x.leak)) expect(stored.some((s) => s.includes(c.leak!)), c.name).toBe(false);
    for (const f of emu.files()) {
      expect(f.path.split('/').slice(2).join('/'), f.path).not.toMatch(/\.\.|[\u0000-\u001f\u007f\u202e]|\//);
    }
    await recordFigures('hostile-input', { filesTried: cases.length, sharedClean: outcomes.filter((o) => o.ok).length, refusedWithCode: outcomes.filter((o) => !o.ok).length, originalsModified: 0, leaks: 0, hangs: 0 });
  });
});

describe('a file that vanishes or changes while it is read', () => {
  it('reads a file deleted mid-read whole, and refuses one truncated mid-read', async () => {
    const { inspectFile } = await import('../../src/core/intake/inspect-file');
    const { rm, truncate } = await import('node:fs/promises');
    const dir = await tempDir();
    const jpeg = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#a55' } }).jpeg().toBuffer();
    const vanishing = join(dir, 'vanishing.jpg');
    await writeFile(vanishing, jpeg);
    const read = await inspectFile(vanishing, {}, { afterOpen: () => rm(vanishing) });
    expect(read.sha256).toBe(sha(jpeg)); // the bytes of the open file, complete
    const shrinking = join(dir, 'shrinking.jpg');
    await writeFile(shrinking, jpeg);
    await expect(inspectFile(shrinking, {}, { afterOpen: () => truncate(shrinking, 100) })).rejects.toMatchObject({ code: 'FILE_CHANGED', message: expect.stringMatching(/changed while it was being read/) });
    expect((await readFile(shrinking)).length).toBe(100); // what the other program did, not us
  });
});
