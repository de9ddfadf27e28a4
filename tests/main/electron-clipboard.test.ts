// The app's clipboard port over Electron 45's clipboard.read(): a screenshot is an image, files
// copied in a file manager are their paths (before the icon image Finder puts next to them), on
// each OS's way of writing a path; text or nothing is "none"; the DM text is written as text.
import { describe, expect, it } from 'vitest';
import { electronClipboard, filePathsFromUriList } from '../../src/main/adapters/electron-clipboard';
import { fakeElectron, FakeClipboardItem } from '../helpers/fake-electron';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('the Electron clipboard port', () => {
  it('reads a screenshot taken to the clipboard as an image, and the DM text replaces it', async () => {
    const fake = fakeElectron();
    const port = electronClipboard(fake.electron.clipboard as never, 'darwin');
    await fake.electron.clipboard.write([new FakeClipboardItem({ 'image/png': new Blob([PNG], { type: 'image/png' }) })]);
    expect(await port.read()).toEqual({ kind: 'image', data: PNG, type: 'image/png' });
    await port.writeText('Tap to view: https://example.test/s/1');
    expect(await port.read()).toEqual({ kind: 'none' });
    expect(await fake.electron.clipboard.readText()).toBe('Tap to view: https://example.test/s/1');
  });

  it('reads files copied in a file manager as their paths, not as the icon image beside them', async () => {
    const fake = fakeElectron();
    const port = electronClipboard(fake.electron.clipboard as never, 'linux');
    const list = '# copied by Files\r\nfile:///home/person/Pictures/beach%20day.jpg\r\nhttps://example.test/not-a-file.jpg\r\nfile:///home/person/notes.txt\r\n';
    await fake.electron.clipboard.write([new FakeClipboardItem({ 'text/uri-list': list, 'text/plain': 'beach day.jpg', 'image/png': new Blob([PNG]) })]);
    expect(await port.read()).toEqual({ kind: 'files', paths: ['/home/person/Pictures/beach day.jpg', '/home/person/notes.txt'] });
  });

  it('says there is no image for text, an empty clipboard, or a URI list with no local file', async () => {
    const fake = fakeElectron();
    const port = electronClipboard(fake.electron.clipboard as never, 'linux');
    expect(await port.read()).toEqual({ kind: 'none' });
    await fake.electron.clipboard.write([new FakeClipboardItem({ 'text/plain': 'hello', 'text/html': '<b>hello</b>' })]);
    expect(await port.read()).toEqual({ kind: 'none' });
    await fake.electron.clipboard.write([new FakeClipboardItem({ 'text/uri-list': 'https://example.test/photo.jpg\r\n' })]);
    expect(await port.read()).toEqual({ kind: 'none' });
  });

  it('writes each OS’s paths: Windows drives and shares, macOS and Linux absolute paths', () => {
    expect(filePathsFromUriList('file:///C:/Users/P%C3%A9/Pictures/shot.png\r\nfile://nas/photos/a.jpg\r\n', 'win32')).toEqual(['C:\\Users\\Pé\\Pictures\\shot.png', '\\\\nas\\photos\\a.jpg']);
    expect(filePathsFromUriList('file:///Users/p/Desktop/Screen%20Shot.png\nfile://localhost/Users/p/b.heic', 'darwin')).toEqual(['/Users/p/Desktop/Screen Shot.png', '/Users/p/b.heic']);
    // A file on another machine is not a path here; a broken escape is skipped, not thrown.
    expect(filePathsFromUriList('file://nas/photos/a.jpg\r\nfile:///tmp/%E0%A4%A.png\r\nfile:///tmp/ok.png', 'linux')).toEqual(['/tmp/ok.png']);
  });
});
