// What bin/dmdrop.js does at every start, before the CLI runs: check that out/cli/dmdrop.cjs is
// fresh (scripts/cli-bundle.mjs builds it and writes the manifest read here), then load it with
// V8's code cache, so a start neither compiles TypeScript nor the bundle's JavaScript again.
// CommonJS and small on purpose: an ES module entry (and each ES module it imports) costs a start
// ≈ 10 ms more than CommonJS on Node 20, and this runs at every start; esbuild loads only to build.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see above */
const { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const bundlePath = (root = ROOT) => join(root, 'out', 'cli', 'dmdrop.cjs');
const MANIFEST = '// dmdrop-cli-inputs ';

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

/**
 * True when the bundle exists and every file it was built from still has the same time and size:
 * one stat per file (≈ 140), which costs a start ≈ 5 ms, the price of never running a changed
 * source stale.
 */
function isFresh(root = ROOT) {
  const manifest = readManifest(bundlePath(root));
  if (!manifest) return false;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    // Not path.join: normalising 140 paths is a measurable part of this check; the manifest's
    // paths are already relative, with /, which every OS's stat takes.
    const stat = statSync(`${root}/${file}`, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs !== mtimeMs || stat.size !== size) return false;
  }
  return true;
}

/**
 * Runs the bundle and returns its exports. Compiling its ≈ 350 kB was the largest part of a start
 * that remained, so its compiled code is kept: by Node's own compile cache where there is one
 * (Node ≥ 22.1, in out/cli/compile-cache), else by V8's code cache in out/cli/dmdrop.cjs.v8-cache,
 * made at the end of the first run (so it holds every function that run compiled) and used from
 * the next. Neither is needed: without one the bundle only compiles as it did before.
 */
function loadBundle(file) {
  const nodeModule = require('node:module');
  if (typeof nodeModule.enableCompileCache === 'function') {
    nodeModule.enableCompileCache(join(dirname(file), 'compile-cache'));
    return require(file);
  }
  return loadWithCodeCache(file, nodeModule.createRequire);
}

function loadWithCodeCache(file, createRequire) {
  const vm = require('node:vm');
  // Read and described through one descriptor: a build renaming a new bundle in meanwhile cannot
  // give this text the other file's key.
  const fd = openSync(file, 'r');
  let source, stat;
  try {
    stat = fstatSync(fd);
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  // V8 refuses code cached by another V8 or with other flags, but checks only the length of the
  // source, not its text: the key names this very bundle file (each build renames a new file in).
  const key = `${process.version} ${process.arch} ${stat.ino} ${stat.size} ${stat.mtimeMs}\n`;
  const cacheFile = `${file}.v8-cache`;
  let cachedData;
  try {
    const saved = readFileSync(cacheFile);
    if (saved.subarray(0, key.length).toString('latin1') === key) cachedData = saved.subarray(key.length);
  } catch {
    // no cache yet
  }
  // The wrapper adds no line, so a stack trace's line numbers are the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => saveCodeCache(script, cacheFile, key));
  const module = { exports: {}, filename: file, id: file };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** Written whole, then renamed into place; a folder we may not write to only means no cache. */
function saveCodeCache(script, cacheFile, key) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
    renameSync(temp, cacheFile);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
  }
}

module.exports = { ROOT, MANIFEST, bundlePath, isFresh, loadBundle };
