// Runs before `npm start` and `npm run dev`: makes sure Electron's binary is in node_modules/electron.
// Since Electron 42 `npm install` no longer downloads it (the electron package fetches it on first
// use), but electron-vite reads node_modules/electron/path.txt itself and stops with "Electron
// uninstall" when it is missing. This runs Electron's own installer first, or says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Electron's installer (@electron/get) needs this Node; electron's package.json says so too. */
export const MIN_NODE = [22, 12];

const isSet = (value) => Boolean(value) && value !== '0' && value !== 'false';

export function electronVersion(electronDir) {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

/** True when Electron's binary for this version is unpacked where path.txt says (install.js's own test). */
export function isInstalled(electronDir) {
  try {
    const version = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const executable = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    return version === electronVersion(electronDir) && existsSync(join(electronDir, 'dist', executable));
  } catch {
    return false;
  }
}

export const messages = {
  skipped: (version) =>
    `ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron ${version}'s binary was not downloaded, and the desktop app needs it.\n` +
    `Unset ELECTRON_SKIP_BINARY_DOWNLOAD and run this again (Electron is downloaded once), or set ELECTRON_EXEC_PATH to an Electron ${version} executable.`,
  oldNode: (nodeVersion) =>
    `The desktop app needs Node.js ${MIN_NODE.join('.')} or newer to install Electron; this is Node.js ${nodeVersion}.\n` +
    `Install Node.js 22 LTS or newer (https://nodejs.org, or \`nvm install 22\`), then run npm start again. (npm test works from Node.js 20.19.)`,
  downloadFailed: (version) =>
    `Electron ${version}'s binary could not be downloaded (the reason is above).\n` +
    'Check the connection and run npm start again. Behind a proxy, set ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY; ' +
    'with a mirror, set ELECTRON_MIRROR. `npx install-electron` runs the download by itself.',
};

/**
 * What to do, from the facts alone: 'ready' (nothing to do), 'download', or 'stop' with the sentence
 * to show. An Electron already there wins over everything: the Node version only matters for the download.
 */
export function decide({ electronDir, env, nodeVersion }) {
  if (env.ELECTRON_EXEC_PATH || isInstalled(electronDir)) return { action: 'ready' };
  const version = electronVersion(electronDir);
  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return { action: 'stop', message: messages.skipped(version) };
  const [major, minor] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) return { action: 'stop', message: messages.oldNode(nodeVersion) };
  return { action: 'download' };
}

/** Decides, runs Electron's install.js when needed, and returns the exit status. */
export function ensureElectron({ electronDir, env = process.env, nodeVersion = process.version, log = console.error }) {
  const decision = decide({ electronDir, env, nodeVersion });
  if (decision.action === 'ready') return 0;
  if (decision.action === 'stop') {
    log(decision.message);
    return 1;
  }
  const version = electronVersion(electronDir);
  log(`Downloading Electron ${version} (once; it is kept in node_modules/electron)…`);
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, env: { ...process.env, ...env }, stdio: 'inherit' });
  if (run.status === 0 && isInstalled(electronDir)) return 0;
  log(messages.downloadFailed(version));
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // npm runs this from the project root; find electron the way electron-vite does, from there.
  const electronDir = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('electron/package.json'));
  process.exitCode = ensureElectron({ electronDir });
}
