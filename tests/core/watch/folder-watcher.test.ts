// The folder watcher on the real OS watcher (inotify here, through Node's fs.watch): what each change
// to a folder is reported as, the folder going and coming back, bursts folded, and nothing left
// open after close. Tests wait for the watcher's own reports, never for time.
import { spawn } from 'node:child_process';
import { appendFile, mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFolder, type FolderWatch } from '../../../src/core/watch/folder-watcher';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const open: FolderWatch[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

type Report = { kind: 'change'; path: string; type: string } | { kind: 'gone' | 'appeared' } | { kind: 'error'; message: string };

/** Watches `folder`, recording every report; `until` resolves when a predicate over them holds. */
async function record(folder: string) {
  const reports: Report[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const push = (r: Report) => {
    reports.push(r);
    for (const w of waiters.splice(0)) (w.test() ? w.resolve : () => waiters.push(w))();
  };
  const watch = await watchFolder(folder, {
    onChange: (path, type) => push({ kind: 'change', path, type }),
    onAppeared: () => push({ kind: 'appeared' }),
    onGone: () => push({ kind: 'gone' }),
    onError: (error) => push({ kind: 'error', message: error.message }),
  });
  open.push(watch);
  const until = (test: (r: Report[]) => boolean) => new Promise<void>((resolve) => (test(reports) ? resolve() : waiters.push({ test: () => test(reports), resolve })));
  const changes = (path?: string) => reports.filter((r): r is Extract<Report, { kind: 'change' }> => r.kind === 'change' && (!path || r.path === path)).map((r) => r.type);
  const has = (path: string, type: string) => (r: Report[]) => r.some((x) => x.kind === 'change' && x.path === path && x.type === type);
  return { watch, reports, until, changes, has };
}

describe('watchFolder (fs.watch)', () => {
  it('reports a new file as create, a rewrite as update, a delete as delete, and a rename in as create', async () => {
    const root = await tempDir();
    const folder = join(root, 'shots');
    await mkdir(folder);
    await writeFile(join(folder, 'before.png'), 'x');
    const w = await record(folder);

    const a = join(folder, 'a.png');
    await writeFile(a, 'one');
    await w.until(w.has(a, 'create'));
    await appendFile(a, 'two');
    await w.until(w.has(a, 'update'));
    await unlink(a);
    await w.until(w.has(a, 'delete'));
    expect(w.changes(a)[0]).toBe('create');
    expect(w.changes(a).at(-1)).toBe('delete');

    // Saved elsewhere, then renamed in: a create (not an update), and the old name's delete.
    const outside = join(root, 'elsewhere.png');
    await writeFile(outside, 'shot');
    const b = join(folder, 'Screenshot 1.png');
    await rename(outside, b);
    await w.until(w.has(b, 'create'));
    // Renamed within the folder: the old name is deleted, the new one created.
    const c = join(folder, 'Screenshot 2.png');
    await rename(b, c);
    await w.until((r) => w.has(b, 'delete')(r) && w.has(c, 'create')(r));
    // A file that was there before watching began is known: changing it is an update.
    const before = join(folder, 'before.png');
    await appendFile(before, 'y');
    await w.until(w.has(before, 'update'));
    expect(w.changes(before)).not.toContain('create');
    // Nothing outside the folder, not even in a folder inside it.
    await mkdir(join(folder, 'sub'));
    await writeFile(join(folder, 'sub', 'deep.png'), 'z');
    await writeFile(join(folder, 'last.png'), 'z');
    await w.until(w.has(join(folder, 'last.png'), 'create'));
    expect(w.reports.filter((r) => r.kind === 'change' && r.path.includes('deep'))).toEqual([]);
    expect(w.reports.filter((r) => r.kind !== 'change')).toEqual([]);
  });

  it('says the folder is gone when it is deleted or moved away, and that it is back when it returns', async () => {
    const root = await tempDir();
    const folder = join(root, 'drop');
    await mkdir(folder);
    await writeFile(join(folder, 'old.png'), 'x');
    const w = await record(folder);
    const count = (kind: string) => w.reports.filter((r) => r.kind === kind).length;

    await rm(folder, { recursive: true });
    await w.until(() => count('gone') === 1);
    await mkdir(folder);
    await w.until(() => count('appeared') === 1);
    // The new folder is watched: its files are reported.
    const after = join(folder, 'after.png');
    await writeFile(after, 'x');
    await w.until(w.has(after, 'create'));

    // Moved away (the folder lives on elsewhere, so the watch must not follow it), then moved back.
    await rename(folder, join(root, 'moved'));
    await w.until(() => count('gone') === 2);
    await writeFile(join(root, 'moved', 'while-away.png'), 'x');
    await rename(join(root, 'moved'), folder);
    await w.until(() => count('appeared') === 2);
    const again = join(folder, 'again.png');
    await writeFile(again, 'x');
    await w.until(w.has(again, 'create'));
    expect(w.reports.filter((r) => r.kind === 'change' && r.path.includes('while-away'))).toEqual([]);
    expect(w.reports.filter((r) => r.kind === 'error')).toEqual([]);
  });

  it('waits for a folder that does not exist yet', async () => {
    const root = await tempDir();
    const folder = join(root, 'later');
    const w = await record(folder);
    await mkdir(folder);
    await w.until((r) => r.some((x) => x.kind === 'appeared'));
    const file = join(folder, 'first.png');
    await writeFile(file, 'x');
    await w.until(w.has(file, 'create'));
  });

  it('folds a file written in 100 pieces into one report per 20 ms, the last one after the last write', async () => {
    const folder = await tempDir();
    const w = await record(folder);
    const target = join(folder, 'camera.jpg');
    // Another process writes as a slow card reader does: 100 writes of 16 KB, one per millisecond
    // (each its own inotify event), and says how long that took.
    const code = `const fs=require('fs');const fd=fs.openSync(process.argv[1],'w');const b=Buffer.alloc(16384,7);let i=0;const t0=Date.now();
      const t=setInterval(()=>{fs.writeSync(fd,b);if(++i===100){clearInterval(t);fs.closeSync(fd);console.log(Date.now()-t0);}},1);`;
    const writer = spawn(process.execPath, ['-e', code, target]);
    let took = '';
    writer.stdout.on('data', (d: Buffer) => (took += d.toString()));
    await new Promise((resolve) => writer.once('close', resolve));
    // Marks the end: a file's last report comes at most one hold after its last event, and `end`
    // is created after that event, so once `end`'s report and one more hold are in, so is `target`'s.
    const end = join(folder, 'end');
    await writeFile(end, '');
    await w.until(w.has(end, 'create'));
    await appendFile(end, 'x');
    await w.until(w.has(end, 'update'));
    const types = w.changes(target);
    expect(types[0]).toBe('create');
    expect(types.slice(1).every((t) => t === 'update')).toBe(true);
    // One report per write would be 100; held, it is one per 20 ms of writing (and the first).
    expect(types.length).toBeLessThanOrEqual(Math.ceil(Number(took) / 20) + 2);
  });

  it('close() stops reporting and leaves nothing open: a process that only watched exits by itself', async () => {
    const folder = await tempDir();
    const w = await record(folder);
    await w.watch.close();
    await writeFile(join(folder, 'after-close.png'), 'x');
    await rm(folder, { recursive: true });
    // A report would have come by now only if something were still open; the child below is the proof.
    const script = fileURLToPath(new URL('./watch-and-close.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, await tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // With a handle left open the child would never exit and this test would time out.
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(output.trim()).toBe('closed, handles left: none');
    expect(code).toBe(0);
    expect(w.reports).toEqual([]);
  });
});
