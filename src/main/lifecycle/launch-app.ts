// Everything that must happen before the first await of a start, and what happens when a start
// fails. Electron delivers `open-file` (macOS, possibly before `ready`) and `second-instance` to
// whoever listens at that moment, so both are listened for at once and queued until the shell is
// up. A throw during start would otherwise be an unhandled rejection that Electron's default
// handler swallows, leaving a windowless process that holds the single-instance lock and blocks
// every later launch: here it is logged, shown with what to do, and the process exits non-zero.
import type { App, Dialog, Protocol } from 'electron';
import { RENDERER_SCHEME_PRIVILEGES } from '../windows/renderer-protocol';

export interface LaunchElectron {
  app: Pick<App, 'requestSingleInstanceLock' | 'releaseSingleInstanceLock' | 'quit' | 'exit' | 'on' | 'whenReady' | 'setAppUserModelId'>;
  dialog: Pick<Dialog, 'showErrorBox'>;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>;
}

/** What a successful start hands back: where queued files go, and how to stop. */
export interface Running {
  share(paths: string[]): void;
  secondLaunch(argv: string[], cwd: string): void;
  close(): Promise<void>;
}

export interface LaunchOptions {
  electron: LaunchElectron;
  platform: NodeJS.Platform;
  /** Windows: the installer's appId (electron-builder.json), so notifications are attributed to the app. */
  appUserModelId: string;
  /** Everything after `ready`: settings, engine, shell. */
  boot: () => Promise<Running>;
  /** Writes a start failure where it can be found later (the log, or stderr before there is one); the exit waits for it. */
  report: (error: unknown) => void | Promise<void>;
  /** Where the person can find the log (said in the error box). */
  logLocation: () => string;
  /** False for --self-test: no dialog to wait on, the caller prints its own result. */
  interactive: boolean;
}

export type LaunchResult = { started: false } | { started: true; ready: Promise<Running | undefined> };

export function launchApp(options: LaunchOptions): LaunchResult {
  const { app } = options.electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running instance receives our argv through 'second-instance'
    return { started: false };
  }
  if (options.platform === 'win32') app.setAppUserModelId(options.appUserModelId);
  // Once, before ready (Electron refuses it later): the page's own scheme.
  options.electron.protocol.registerSchemesAsPrivileged([RENDERER_SCHEME_PRIVILEGES]);

  let running: Running | undefined;
  const waiting: ((r: Running) => void)[] = [];
  const whenRunning = (act: (r: Running) => void) => (running ? act(running) : waiting.push(act));
  // macOS "Open With DM Drop", drops on the Dock icon: may come before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    whenRunning((r) => r.share([path]));
  });
  app.on('second-instance', (_event, argv, cwd) => whenRunning((r) => r.secondLaunch(argv, cwd)));

  const fail = async (error: unknown) => {
    try {
      await options.report(error);
      if (options.interactive) options.electron.dialog.showErrorBox('DM Drop could not start', startFailureText(error, options.logLocation()));
    } finally {
      app.releaseSingleInstanceLock();
      app.exit(1);
    }
    return undefined;
  };

  const ready = app
    .whenReady()
    .then(() => options.boot())
    .then((r) => {
      running = r;
      for (const act of waiting.splice(0)) act(r);
      let closing = false;
      app.on('will-quit', (event) => {
        event.preventDefault();
        if (closing) return;
        closing = true;
        r.close()
          .catch((error: unknown) => options.report(error))
          .finally(() => app.exit(0));
      });
      return r;
    })
    .catch(fail);
  return { started: true, ready };
}

/** The error box: what happened, and what the person can do about it. */
export function startFailureText(error: unknown, logLocation: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return [
    message,
    '',
    'Your photos and links are not affected. Start DM Drop again; if it stops here again, the log in',
    logLocation,
    'says why. Sending that log with a report helps fix it.',
  ].join('\n');
}
