// Files named on a command line (first launch, second launch, open-file).
import { describe, expect, it } from 'vitest';
import { filesFromArgv } from '../../src/main/shell/argv-files';

describe('command-line files', () => {
  it('takes existing files from argv, skipping switches, the app path and duplicates', () => {
    const files = new Set(['/home/a/p.jpg', '/home/a/dir/q.png']);
    const isFile = (p: string) => files.has(p);
    expect(filesFromArgv(['/opt/DM Drop/dm-drop', '--allow-file-access', 'p.jpg', 'dir/q.png', 'missing.jpg', '/home/a/p.jpg', '.'], '/home/a', isFile)).toEqual(['/home/a/p.jpg', '/home/a/dir/q.png']);
    expect(filesFromArgv(['electron', 'out/main/index.js', '/home/a/p.jpg'], '/x', isFile, 1)).toEqual(['/home/a/p.jpg']);
  });

  it.runIf(process.platform !== 'win32')('takes the file URLs a file manager passes for the .desktop entry’s %U', () => {
    const isFile = (p: string) => p === '/home/a/beach day.jpg';
    expect(filesFromArgv(['/opt/DM Drop/dmdrop', 'file:///home/a/beach%20day.jpg', 'file://nas/photos/x.jpg', 'https://example.test/y.jpg'], '/home/a', isFile)).toEqual(['/home/a/beach day.jpg']);
  });
});
