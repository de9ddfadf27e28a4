// The Electron entry: only connects real Electron modules. launchApp (lifecycle/) takes the
// single-instance lock and listens for files before anything else; startDesktop (desktop.ts)
// builds settings, tokens, the engine and the shell after `ready`. `--self-test` runs the same
// app in a temporary folder and prints one JSON line (self-test/self-test.ts).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electron from 'electron';
import ElectronStore from 'electron-store';
import { resolveDataDir } from '../core/config/data-dir';
import { BUILT_IN_CLIENTS_FILE, readBuiltInClients } from '../core/providers/oauth-client';
import { createRotatingLog, type Logger } from '../core/logging/rotating-log';
import { systemOsInputs } from '../core/watch/screenshot-folders';
import { APP_USER_MODEL_ID, DESKTOP_NAME } from './app-identity';
import { startDesktop, type DesktopConfig } from './desktop';
import { launchApp, type Running } from './lifecycle/launch-app';
import { hardenApp, hardenSession } from './security/harden-app';
import { memorySecrets, runSelfTest, startFailedReport } from './self-test/self-test';
import { loginItemFor, startedAtLogin } from './shell/login-item';
import { createMainWindow } from './windows/create-main-window';
import { RENDERER_ENTRY_URL } from './windows/renderer-protocol';

const { app, dialog, protocol, session } = electron;
const platform = process.platform;
const outDir = import.meta.dirname;
const selfTest = process.argv.includes('--self-test');
// Only `npm run dev` serves the page from Vite; every built run (npm start, packages) uses app://.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const pageUrl = devServerUrl ?? RENDERER_ENTRY_URL;
// Packaged: resources sit next to app.asar; in development, in the repository.
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(outDir, '../../resources');

// The self-test gets its own data folder and Chromium profile (and so its own single-instance
// lock): it never reads or writes the person's.
const selfTestDir = selfTest ? mkdtempSync(join(tmpdir(), 'dmdrop-self-test-')) : undefined;
// (setPath throws for a folder that does not exist; the lock lives in userData: app.md, electron_api_app.cc.)
if (selfTestDir) {
  const profile = join(selfTestDir, 'profile');
  mkdirSync(profile);
  app.setPath('userData', profile);
}
const dataDir = selfTestDir ? join(selfTestDir, 'data') : resolveDataDir(process.env);
let log: Logger | undefined;

const desktopConfig = (): DesktopConfig => ({
  electron,
  Store: ElectronStore,
  platform,
  env: process.env,
  // Written by the build beside this bundle (electron.vite.config.ts); empty in a self-built copy.
  builtInClients: readBuiltInClients(join(outDir, BUILT_IN_CLIENTS_FILE)),
  argv: process.argv,
  cwd: process.cwd(),
  dataDir,
  rendererDir: join(outDir, '../renderer'),
  resourcesDir,
  pageUrl,
  createWindow: (url) => createMainWindow({ preload: join(outDir, '../preload/index.cjs'), icon: join(resourcesDir, 'icon.png'), url }),
  log: (log = createRotatingLog({ dir: join(dataDir, 'logs') })),
  osInputs: systemOsInputs(),
});

async function bootApp(): Promise<Running> {
  hardenSession(session.defaultSession);
  const desktop = await startDesktop({
    ...desktopConfig(),
    loginItem: loginItemFor({ app, platform, execPath: process.execPath, env: process.env, homeDir: homedir(), desktopName: DESKTOP_NAME }),
    startHidden: startedAtLogin(process.argv, platform, app),
  });
  return { share: (paths) => desktop.shell.share(paths), secondLaunch: (argv, cwd) => desktop.shell.secondLaunch(argv, cwd), close: () => desktop.close() };
}

async function bootSelfTest(): Promise<Running> {
  hardenSession(session.defaultSession);
  const report = await runSelfTest({
    // Its own home too: the drop folder (~/DM Drop) it watches is then inside the temporary folder.
    start: (onWindow) =>
      startDesktop({
        ...desktopConfig(),
        env: { ...process.env, HOME: selfTestDir, USERPROFILE: selfTestDir },
        osInputs: { ...systemOsInputs(), home: selfTestDir! },
        argv: [process.argv[0]!],
        secrets: memorySecrets(),
        startHidden: true,
        onWindow,
      }),
    electron,
    workDir: selfTestDir!,
    platform,
  });
  finishSelfTest(JSON.stringify(report), report.ok ? 0 : 1);
  return { share: () => undefined, secondLaunch: () => undefined, close: async () => undefined };
}

/** Prints the one line, then exits once it is written (stdout to a pipe is asynchronous on macOS). */
function finishSelfTest(line: string, code: number) {
  removeSelfTestDir();
  process.stdout.write(`${line}\n`, () => app.exit(code));
}

/** Best effort: Chromium may still hold files of its profile open (Windows refuses to delete those). */
function removeSelfTestDir() {
  try {
    rmSync(selfTestDir!, { recursive: true, force: true, maxRetries: 2 });
  } catch (error) {
    console.error(`The self-test's temporary folder ${selfTestDir} could not be removed:`, error);
  }
}

hardenApp(app);
// A tray app: closing the window does not quit.
app.on('window-all-closed', () => undefined);
if (platform === 'darwin') app.dock?.hide();

launchApp({
  electron: { app, dialog, protocol },
  platform,
  // The NSIS shortcut carries the appId; a development run has only electron.exe (Electron's
  // notifications tutorial: use process.execPath there).
  appUserModelId: app.isPackaged ? APP_USER_MODEL_ID : process.execPath,
  interactive: !selfTest,
  logLocation: () => join(dataDir, 'logs'),
  boot: selfTest ? bootSelfTest : bootApp,
  report: (error) => {
    if (log) log.error('DM Drop could not start', error);
    else console.error('DM Drop could not start:', error);
    if (!selfTest) return;
    removeSelfTestDir();
    return new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(startFailedReport(error, app.getVersion(), platform))}\n`, () => resolve()));
  },
});
