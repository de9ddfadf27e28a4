// Intake refuses each kind of bad input with its own code, reads real formats from bytes, and
// never touches the original.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/core/intake/inspect-file';
import { bombPng, cameraJpeg, heic, screenshotPng, truncated, writeFixture } from '../../fixtures/images';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('intake', () => {
  it('identifies the real format from the bytes, not the extension', async () => {
    const dir = await tempDir();
    const path = await writeFixture(dir, 'really-a-png.jpg', await screenshotPng(300, 200));
    expect(await inspectFile(path)).toMatchObject({ format: 'png', width: 300, height: 200 });
  });

  it('reads HEIC (HEVC) photos', async () => {
    const dir = await tempDir();
    expect(await inspectFile(await heic(dir, 640, 480))).toMatchObject({ format: 'heic', width: 640, height: 480 });
  });

  const cases: [string, (dir: string) => Promise<string>, string][] = [
    ['missing file', async (dir) => join(dir, 'nope.jpg'), 'FILE_NOT_FOUND'],
    ['directory', async (dir) => { await mkdir(join(dir, 'folder.jpg')); return join(dir, 'folder.jpg'); }, 'IS_DIRECTORY'],
    ['empty file', (dir) => writeFixture(dir, 'empty.jpg', ''), 'FILE_EMPTY'],
    ['text file named .jpg', (dir) => writeFixture(dir, 'notes.jpg', 'hello, not an image'), 'NOT_AN_IMAGE'],
    ['SVG', (dir) => writeFixture(dir, 'logo.svg', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'), 'SVG_REFUSED'],
    ['BMP', (dir) => writeFixture(dir, 'old.bmp', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])), 'UNSUPPORTED_FORMAT'],
    ['corrupt header', async (dir) => writeFixture(dir, 'cut.png', (await screenshotPng(300, 200)).subarray(0, 30)), 'IMAGE_CORRUPT'],
    ['decompression bomb', async (dir) => writeFixture(dir, 'bomb.png', await bombPng()), 'IMAGE_TOO_LARGE'],
    ['FIFO', async (dir) => { const p = join(dir, 'pipe.jpg'); execFileSync('mkfifo', [p]); return p; }, 'NOT_A_REGULAR_FILE'],
    ['symlink to a system file', async (dir) => { const p = join(dir, 'passwd.jpg'); await symlink('/etc/passwd', p); return p; }, 'NOT_AN_IMAGE'],
  ];
  for (const [what, make, code] of cases) {
    it(`refuses a ${what} with ${code} and a sentence naming the file`, async () => {
      const dir = await tempDir();
      const path = await make(dir);
      const error = await inspectFile(path).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toContain(path.split('/').pop());
    });
  }

  it('refuses a file over the byte limit before reading it', async () => {
    const dir = await tempDir();
    const path = await writeFixture(dir, 'big.jpg', await cameraJpeg());
    await expect(inspectFile(path, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });

  it('never modifies the original', async () => {
    const dir = await tempDir();
    const data = await cameraJpeg();
    const path = await writeFixture(dir, 'photo.jpg', data);
    await inspectFile(path);
    await inspectFile(await writeFixture(dir, 'half.jpg', truncated(data))).catch(() => undefined);
    expect(createHash('sha256').update(await readFile(path)).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('maps an unreadable path to a clear code (EACCES: FILE_UNREADABLE; as root, ENOTDIR: FILE_NOT_FOUND)', async () => {
    const dir = await tempDir();
    const path = await writeFixture(dir, 'locked.jpg', await cameraJpeg({ width: 50, height: 50 }));
    if (process.getuid?.() === 0) {
      // root reads anything; prove the mapping with a path component that is not a directory
      await writeFile(join(dir, 'file'), 'x');
      await expect(inspectFile(join(dir, 'file', 'x.jpg'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      return;
    }
    execFileSync('chmod', ['000', path]);
    await expect(inspectFile(path)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
