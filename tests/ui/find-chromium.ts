// Which Chromium the window's browser tests drive: the one a developer has. DMDROP_CHROMIUM first
// (a path, or "bundled"), then Chrome, Chromium or Edge where each OS installs them, and where none
// is installed the Chromium that the npm package @sparticuz/chromium ships (Linux x64), unpacked once.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, posix, win32 } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

export interface FoundChromium {
  path: string;
  /** Where it came from, for the test's own report and for error messages. */
  source: 'DMDROP_CHROMIUM' | 'installed' | 'bundled';
}

export interface Machine {
  platform: NodeJS.Platform;
  arch: string;
  env: Record<string, string | undefined>;
  home: string;
  exists(path: string): boolean;
}

const thisMachine: Machine = { platform: process.platform, arch: process.arch, env: process.env, home: homedir(), exists: existsSync };

/** Where Chrome, Chromium and Edge install themselves, in the order they are tried. */
export function installedCandidates(machine: Pick<Machine, 'platform' | 'env' | 'home'>): string[] {
  const { platform, env, home } = machine;
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    return ['/Applications', posix.join(home, 'Applications')].flatMap((dir) => apps.map((app) => posix.join(dir, app)));
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => Boolean(r));
    const exes = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return exes.flatMap((exe) => roots.map((root) => win32.join(root, exe)));
  }
  return [
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/microsoft-edge',
    '/opt/microsoft/msedge/msedge',
  ];
}

export type Choice = { path: string; source: 'DMDROP_CHROMIUM' | 'installed' } | { bundled: true } | { error: string };

/** The decision alone, with the machine passed in, so every OS's answer can be tested anywhere. */
export function chooseChromium(machine: Machine): Choice {
  const wanted = machine.env.DMDROP_CHROMIUM?.trim();
  if (wanted === 'bundled') return { bundled: true };
  if (wanted) {
    return machine.exists(wanted) ? { path: wanted, source: 'DMDROP_CHROMIUM' } : { error: `DMDROP_CHROMIUM is ${wanted}, which does not exist. Point it at a Chrome, Chromium or Edge executable, or set it to "bundled".` };
  }
  const candidates = installedCandidates(machine);
  const found = candidates.find((path) => machine.exists(path));
  if (found) return { path: found, source: 'installed' };
  if (machine.platform === 'linux' && machine.arch === 'x64') return { bundled: true };
  return {
    error: `No Chrome, Chromium or Edge found for the window's tests (looked in ${candidates.join(', ')}). Install one, or set DMDROP_CHROMIUM to its executable.`,
  };
}

/**
 * Unpacks @sparticuz/chromium's brotli-compressed binary into cacheDir once. The package's own
 * executablePath() writes /tmp/chromium in place, so a run stopped half-way leaves a truncated file
 * it would hand out for ever, and two test workers can write it at once; this writes a private file
 * and renames it into place, which is atomic, so every reader sees a whole binary.
 */
export async function unpackBundledChromium(cacheDir?: string): Promise<string> {
  const packageDir = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = cacheDir ?? join(tmpdir(), `dmdrop-chromium-${version}`);
  const binary = join(dir, 'chromium');
  if (existsSync(binary)) return binary;
  await mkdir(dir, { recursive: true });
  const part = `${binary}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  try {
    await pipeline(createReadStream(join(packageDir, 'bin/chromium.br')), createBrotliDecompress(), createWriteStream(part));
    await chmod(part, 0o755);
    await rename(part, binary);
  } finally {
    await rm(part, { force: true });
  }
  return binary;
}

/** The Chromium to launch on this machine, unpacking the npm-shipped one if that is the choice. */
export async function findChromium(machine: Machine = thisMachine): Promise<FoundChromium> {
  const choice = chooseChromium(machine);
  if ('error' in choice) throw new Error(choice.error);
  if ('bundled' in choice) {
    if (machine.platform !== 'linux' || machine.arch !== 'x64') throw new Error(`The npm-shipped Chromium (@sparticuz/chromium) runs on Linux x64 only, not ${machine.platform} ${machine.arch}: set DMDROP_CHROMIUM to a Chrome, Chromium or Edge executable.`);
    return { path: await unpackBundledChromium(), source: 'bundled' };
  }
  return choice;
}

/**
 * Flags for every Chromium above: no sandbox (CI and these machines run as root), and none of the
 * background traffic a closed network refuses. The npm-shipped build needs nothing more here; its
 * package's own list (--single-process, --disable-web-security…) is for AWS Lambda and would weaken
 * what the tests check.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
