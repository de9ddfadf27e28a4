// Child process for folder-watcher.test.ts: watches a folder (and a missing one, which watches its
// parent), sees one change, closes both, and then must exit by itself: an fs.watch handle, timer or
// anything else left open would keep it alive. Prints what Node still counts as active.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { watchFolder } from '../../../src/core/watch/folder-watcher';

const folder = process.argv[2]!;
let seen!: () => void;
const changed = new Promise<void>((resolve) => (seen = resolve));
const handlers = { onChange: () => seen(), onAppeared() {}, onGone() {}, onError: (e: Error) => console.error(e.message) };
const watches = [await watchFolder(folder, handlers), await watchFolder(join(folder, 'not-yet'), handlers)];
await writeFile(join(folder, 'a.png'), 'x');
await changed;
for (const w of watches) await w.close();
// libuv finishes closing a handle at the end of the loop iteration: look one iteration later.
await new Promise((resolve) => setImmediate(resolve));
await new Promise((resolve) => setImmediate(resolve));
// Resources that keep a process alive; stdio pipes and the process' own wrap are not the watcher's.
const left = process.getActiveResourcesInfo().filter((r) => !['TTYWrap', 'PipeWrap', 'ProcessWrap', 'FSReqCallback', 'Timeout', 'Immediate'].includes(r));
process.stdout.write(`closed, handles left: ${left.length ? left.join(', ') : 'none'}\n`);
