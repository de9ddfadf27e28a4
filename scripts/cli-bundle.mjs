// The dmdrop CLI as one bundled file, out/cli/dmdrop.cjs, so a start does not compile TypeScript
// (tsx took most of a start: ≈ 660 ms for `dmdrop providers`). Made at install (`prepare`) and again
// by bin/dmdrop.js whenever a file it was built from has changed, so it never goes stale silently.
// Its first line lists those files with the modification time and size each had when it was built;
// the check of that list, and the loading of the bundle, are in cli-bundle-load.cjs (CommonJS and
// small: they run at every start). This file loads only to build.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import load from './cli-bundle-load.cjs';

export const { ROOT, bundlePath, isFresh } = load;
const { MANIFEST } = load;
const SELF = fileURLToPath(import.meta.url);

/**
 * Dependencies bundled into the file instead of loaded from node_modules: pure JS that every command
 * loads at start, where loading a package file by file is most of the cost (zod is ≈ 100 files).
 * Every other dependency stays external: native ones (sharp, @napi-rs/keyring) must, and the heavy
 * ones (googleapis, dropbox, heic-decode) load only in the commands that use them.
 */
export const BUNDLED = ['zod', 'p-limit', 'write-file-atomic'];

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
    plugins: [zodEnglishOnly, requiredOnFirstCall, dynamicImportAsRequire],
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
 * descriptors that `dmdrop providers` lists, and loading it (whatwg-url, tr46 and its table) was
 * ≈ 14 % of that command's start in a profile; it is needed only when a request is made.
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

/**
 * An external package imported with import() is required instead, when the import() runs: the same
 * moment and the same module (every such package here is CommonJS: @napi-rs/keyring), and the
 * bundle holds no import(), which code run from V8's code cache (cli-bundle-load.cjs) cannot call
 * on Node 20 without an experimental flag.
 */
const dynamicImportAsRequire = {
  name: 'dynamic-import-as-require',
  setup(build) {
    const external = new Set(build.initialOptions.external);
    const packageOf = (path) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'dynamic-import' && external.has(packageOf(args.path)) ? { path: args.path, namespace: 'required-when-imported' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'required-when-imported' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
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
