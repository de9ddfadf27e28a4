// The dmdrop CLI runs from a bundle (scripts/cli-bundle.mjs): it must never run stale code after a
// source changed, must still run when no bundle can be made, and must keep a start light. The
// freshness tests use a small stand-in project with this repo's bin and bundler, so no real source
// is touched.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rename, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import nodeModule from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildBundle, bundlePath, freshBundle, isFresh } from '../../scripts/cli-bundle.mjs';
import { useTempDirs } from '../helpers/temp-dir';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const tempDir = useTempDirs();
const anHourAgo = new Date(Date.now() - 3_600_000);
// @types/node is Node 20's, which has no enableCompileCache (Node ≥ 22.1).
const nodeCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** A project with src/cli/main.ts printing what src/cli/word.ts says, and this repo's bin and bundler. */
async function project(word = 'one'): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'src/cli'), { recursive: true });
  await mkdir(join(dir, 'bin'));
  await mkdir(join(dir, 'scripts'));
  for (const file of ['bin/dmdrop.js', 'bin/package.json', 'scripts/cli-bundle.mjs', 'scripts/cli-bundle-load.cjs']) await copyFile(join(root, file), join(dir, file));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'p', private: true, type: 'module', dependencies: {} }));
  await writeFile(join(dir, 'src/cli/main.ts'), `import { word } from './word';\nexport async function main(): Promise<number> {\n  process.stdout.write(word + '\\n');\n  return 0;\n}\n`);
  await setWord(dir, word);
  for (const file of ['package.json', 'src/cli/main.ts', 'scripts/cli-bundle.mjs']) await utimes(join(dir, file), anHourAgo, anHourAgo);
  return dir;
}

async function setWord(dir: string, word: string, when = anHourAgo) {
  await writeFile(join(dir, 'src/cli/word.ts'), `export const word: string = ${JSON.stringify(word)};\n`);
  await utimes(join(dir, 'src/cli/word.ts'), when, when);
}

const dmdrop = async (dir: string) => (await run(process.execPath, [join(dir, 'bin/dmdrop.js')])).stdout;

describe('the CLI bundle', () => {
  it('is fresh until a file it was built from changes', async () => {
    const dir = await project();
    expect(isFresh(dir)).toBe(false);
    await buildBundle(dir);
    expect(isFresh(dir)).toBe(true);
    await setWord(dir, 'two', new Date(Date.now() - 1_800_000));
    expect(isFresh(dir)).toBe(false);
  });

  it('is stale when package.json (which packages stay external) changes', async () => {
    const dir = await project();
    await buildBundle(dir);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'p', private: true, type: 'module', dependencies: { sharp: '*' } }));
    expect(isFresh(dir)).toBe(false);
  });

  it('does not trust a file changed while it was being built: the next start builds again', async () => {
    const dir = await project();
    await setWord(dir, 'one', new Date()); // written just now, as by an editor during a build
    await buildBundle(dir);
    expect(isFresh(dir)).toBe(false);
  });

  it('is built by the bin at first start, and built again after a source changed', async () => {
    const dir = await project('one');
    expect(await dmdrop(dir)).toBe('one\n');
    expect(existsSync(bundlePath(dir))).toBe(true);
    await setWord(dir, 'two', new Date());
    expect(await dmdrop(dir)).toBe('two\n');
  });

  it('runs from the compiled code its first start kept, until a source changes', async () => {
    const dir = await project('one');
    expect(await dmdrop(dir)).toBe('one\n');
    // Node ≥ 22.1 keeps it in its own compile cache; older Node in V8's code cache, by the bundle.
    if (nodeCompileCache) {
      expect(await readdir(join(dir, 'out/cli/compile-cache'))).not.toEqual([]);
      expect(await dmdrop(dir)).toBe('one\n');
    } else {
      const cache = `${bundlePath(dir)}.v8-cache`;
      const made = (await stat(cache)).mtimeMs;
      expect(await dmdrop(dir)).toBe('one\n');
      expect((await stat(cache)).mtimeMs, 'the second start used the cache instead of making it again').toBe(made);
    }
    await setWord(dir, 'two', new Date());
    expect(await dmdrop(dir)).toBe('two\n');
    expect(await dmdrop(dir)).toBe('two\n');
  });

  it('never runs code kept for another bundle of the same length', async () => {
    const dir = await project('one');
    expect(await dmdrop(dir)).toBe('one\n');
    // V8 checks only the length of the source its cached code was made from.
    const file = bundlePath(dir);
    const one = await readFile(file, 'utf8');
    const two = one.replace(/\bone\b/, 'two'); // where the minifier put the word
    expect(two).not.toBe(one);
    await writeFile(`${file}.new`, two);
    await rename(`${file}.new`, file);
    expect(await dmdrop(dir)).toBe('two\n');
  });

  it('when no bundle can be made, the bin runs the sources instead', async () => {
    const dir = await project('from sources');
    await writeFile(join(dir, 'out'), 'a file where the build folder would go');
    expect(await freshBundle(dir)).toBeUndefined();
    expect(await dmdrop(dir)).toBe('from sources\n');
  });
});

describe("this repo's bundle", () => {
  it('`dmdrop providers` loads neither sharp, the watcher, a provider SDK, node-fetch nor the keychain library, and makes no code', async () => {
    const bundle = await freshBundle(root);
    expect(bundle).toBeDefined();
    // Every external package is required through Node's CommonJS loader, so its cache lists them all.
    const probe = `let madeFunctions = 0;
      globalThis.Function = new Proxy(Function, { construct: (F, args) => (madeFunctions++, new F(...args)) });
      const m = require(${JSON.stringify(bundle)});
      const io = { stdout: { write() {} }, stderr: { write() {} }, stdin: process.stdin, env: { DMDROP_HOME: process.argv[1] } };
      m.main([process.argv[2]], io).then((code) => console.log(JSON.stringify({ code, loaded: Object.keys(require.cache), madeFunctions })));`;
    const loadedBy = async (command: string) => {
      const { stdout } = await run(process.execPath, ['-e', probe, await tempDir(), command]);
      return JSON.parse(stdout) as { code: number; loaded: string[]; madeFunctions: number };
    };
    const heavy = /node_modules[\\/](sharp|@parcel[\\/]watcher|googleapis|dropbox|heic-decode|node-fetch|@napi-rs[\\/]keyring)[\\/]/;
    const providers = await loadedBy('providers');
    expect(providers.code).toBe(0);
    expect(providers.loaded.filter((file) => heavy.test(file))).toEqual([]);
    // Nor does it make code at run time (zod's JIT, src/cli/zod-config.ts): none of that is cached.
    expect(providers.madeFunctions).toBe(0);
    // The probe sees what a command loads: `sweep` opens the engine, which loads sharp.
    const sweep = await loadedBy('sweep');
    expect(sweep.loaded.some((file) => /node_modules[\\/]sharp[\\/]/.test(file))).toBe(true);
  });
});
