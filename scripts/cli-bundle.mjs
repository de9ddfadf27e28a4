// The dmdrop CLI as one bundled file, out/cli/dmdrop.cjs, so a start does not compile TypeScript
// (tsx took most of a start: ≈ 660 ms for `dmdrop providers`). Made at install (`prepare`) and again
// by bin/dmdrop.js whenever a file it was built from has changed, so it never goes stale silently.
// Its first line lists those files with the modification time and size each had when it was built.
// Plain JS and cheap to import: the freshness check runs at every start; esbuild loads only to build.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = (root = ROOT) => join(root, 'out', 'cli', 'dmdrop.cjs');
const MANIFEST = '// dmdrop-cli-inputs ';
const SELF = fileURLToPath(import.meta.url);

/**
 * Dependencies bundled into the file instead of loaded from node_modules: pure JS that every command
 * loads at start, where loading a package file by file is most of the cost (zod is ≈ 100 files).
 * Every other dependency stays external: native ones (sharp, @parcel/watcher) must, and the heavy
 * ones (googleapis, dropbox, heic-decode) load only in the commands that use them.
 */
export const BUNDLED = ['zod', 'p-limit', 'write-file-atomic'];

/** Reads the manifest on the bundle's first line; undefined if there is no (complete) bundle. */
function readManifest(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks = [];
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return undefined;
      const newline = buffer.subarray(0, n).indexOf(10);
      chunks.push(Buffer.from(buffer.subarray(0, newline >= 0 ? newline : n)));
      if (newline >= 0) break;
    }
    const line = Buffer.concat(chunks).toString('utf8');
    return line.startsWith(MANIFEST) ? JSON.parse(line.slice(MANIFEST.length)) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** True when the bundle exists and every file it was built from still has the same time and size. */
export function isFresh(root = ROOT) {
  const manifest = readManifest(bundlePath(root));
  if (!manifest) return false;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    try {
      const stat = statSync(join(root, file));
      if (stat.mtimeMs !== mtimeMs || stat.size !== size) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Bundles src/cli/main.ts into out/cli/dmdrop.cjs (written whole, then renamed into place). */
export async function buildBundle(root = ROOT) {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    // CommonJS, one file: an external package is required where its importer's code first runs,
    // so the SDKs of commands not run are never loaded; one file is replaced in one rename.
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    external: Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.includes(name)),
    // The sources are ES modules; in the CommonJS bundle the folder a module runs from is __dirname
    // (import.meta is empty there), e.g. for finding the build's oauth-clients.json.
    define: { 'import.meta.dirname': '__dirname' },
    plugins: [zodEnglishOnly, requiredOnFirstCall],
    minify: true,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  // What the bundle was built from: the sources and bundled packages esbuild read, package.json
  // (which packages are external) and this script (how it bundles). A file changed after the build
  // began gets an impossible time, so the next start builds again rather than trust a mixed read.
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs).filter((f) => !f.includes(':')), 'package.json', relative(root, SELF)]) {
    const stat = statSync(join(root, file));
    inputs[file] = [stat.mtimeMs >= started - 2000 ? -1 : stat.mtimeMs, stat.size];
  }
  const file = bundlePath(root);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, MANIFEST + JSON.stringify({ inputs }) + '\n' + result.outputFiles[0].text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return file;
}

/**
 * The bundle to run: fresh already, or built now. Undefined when it cannot be built (no esbuild, a
 * read-only install): the caller then runs the sources through tsx, slower but the same program.
 */
export async function freshBundle(root = ROOT) {
  if (isFresh(root)) return bundlePath(root);
  try {
    return await buildBundle(root);
  } catch {
    return undefined;
  }
}

/**
 * zod's main entry exports every locale's error messages (half its code), and settings parsing at
 * each start would compile them all; DM Drop uses the English ones, which zod configures itself.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * External packages whose one use is calling their default export, required at the first call
 * instead of where their importer is initialised. node-fetch is imported by the provider
 * descriptors that `dmdrop providers` lists, and loading it (whatwg-url, tr46 and its table) was a
 * fifth of that command's start; it is needed only when a request is made.
 */
export const REQUIRED_ON_FIRST_CALL = ['node-fetch'];

const requiredOnFirstCall = {
  name: 'required-on-first-call',
  setup(build) {
    const filter = new RegExp(`^(${REQUIRED_ON_FIRST_CALL.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    // The shim's own require is left to esbuild, which keeps the package external.
    build.onResolve({ filter }, (args) => (args.namespace === 'on-first-call' ? undefined : { path: args.path, namespace: 'on-first-call' }));
    build.onLoad({ filter: /.*/, namespace: 'on-first-call' }, (args) => ({
      contents: `module.exports = function (...args) { return require(${JSON.stringify(args.path)})(...args); };`,
      loader: 'js',
      resolveDir: build.initialOptions.absWorkingDir,
    }));
  },
};

// `npm install`/`npm ci` run this as the root package's `prepare`: build once, and never fail the
// install over it (bin/dmdrop.js builds at first start, or runs the sources).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const file = await buildBundle();
    console.error(`dmdrop: CLI bundled into ${relative(process.cwd(), file)}`);
  } catch (error) {
    console.error(`dmdrop: the CLI could not be bundled (${error instanceof Error ? error.message : error}); it will run from its sources.`);
  }
}
