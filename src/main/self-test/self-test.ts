// `--self-test`: proves on a real machine that the app starts and works end to end, then prints
// exactly one JSON line and exits 0 (every check passed) or 1. It runs in a fresh temporary data
// folder (and Chromium profile, set by index.ts), on the built-in Dropbox emulator, with tokens in
// memory: never the person's data, keychain, accounts or login items. Tests run this same logic
// against the fake Electron.
import { join } from 'node:path';
import sharp from 'sharp';
import { HOTKEYS } from '../../shared/hotkeys';
import type { Desktop, DropWindow } from '../desktop';

export interface SelfTestCheck {
  name: 'start' | 'tray' | 'hotkeys' | 'window' | 'ipc' | 'share' | 'clipboard';
  ok: boolean;
  detail: string;
}

export interface SelfTestReport {
  dmdropSelfTest: 1;
  ok: boolean;
  version: string;
  platform: string;
  checks: SelfTestCheck[];
}

type ProbeWindow = Pick<DropWindow, 'webContents'>;

export interface SelfTestDeps {
  /** Starts the app (startDesktop with the self-test's folder), calling back with each window as it is made. */
  start(onWindow: (window: ProbeWindow) => void): Promise<Desktop>;
  electron: {
    app: { getVersion(): string };
    clipboard: { readText(): Promise<string> };
    globalShortcut: { isRegistered(accelerator: string): boolean };
  };
  workDir: string;
  platform: string;
  /** A bound on the whole run, so a hung step is reported instead of hanging CI. */
  timeoutMs?: number;
}

/** Runs in the page through the real preload: window.api exists, and a call goes to main and back. */
export const PAGE_PROBE = `(async () => {
  if (typeof window.api !== 'object' || typeof window.api.getInfo !== 'function') return { preload: false };
  const info = await window.api.getInfo();
  return { preload: true, version: info.version };
})()`;

export async function runSelfTest(deps: SelfTestDeps): Promise<SelfTestReport> {
  const checks: SelfTestCheck[] = [];
  const check = (name: SelfTestCheck['name'], ok: boolean, detail: string) => void checks.push({ name, ok, detail });
  const version = deps.electron.app.getVersion();
  let desktop: Desktop | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deps.timeoutMs ?? 90_000)));
  const within = <T>(step: Promise<T>): Promise<T> =>
    Promise.race([step, timedOut]).then((r) => {
      if (r === 'timeout') throw new Error(`no answer within ${(deps.timeoutMs ?? 90_000) / 1000} s`);
      return r as T;
    });

  try {
    let loaded!: Promise<void>;
    let windowSeen = false;
    let probeWindow: ProbeWindow | undefined;
    desktop = await within(
      deps.start((window) => {
        windowSeen = true;
        loaded = new Promise<void>((resolve, reject) => {
          window.webContents.once('did-finish-load', () => resolve());
          window.webContents.once('did-fail-load', (_e: unknown, code: number, description: string) => reject(new Error(`the page did not load: ${description} (${code})`)));
        });
        probeWindow = window;
      }),
    );
    check('start', true, `DM Drop ${version} started`);
    check('tray', desktop.trays.length > 0, desktop.trays.length > 0 ? 'tray icon created' : 'no tray icon was created');

    const hotkeys = desktop.shell.state().hotkeys;
    const failures = desktop.shell.hotkeyFailures;
    const hotkeyStates = HOTKEYS.map(({ id: action }) => {
      const accelerator = hotkeys[action];
      if (!accelerator) return { ok: false, text: `${action}: no shortcut set` };
      if (deps.electron.globalShortcut.isRegistered(accelerator)) return { ok: true, text: `${accelerator} registered` };
      const failure = failures.find((f) => f.action === action);
      return failure ? { ok: true, text: `${accelerator} not available, reported: ${failure.message}` } : { ok: false, text: `${accelerator} neither registered nor reported` };
    });
    check('hotkeys', hotkeyStates.every((h) => h.ok), hotkeyStates.map((h) => h.text).join('; '));

    await within(desktop.startDemo());
    desktop.shell.openWindow();
    if (!windowSeen) throw new Error('opening the window created none');
    const { webContents } = (probeWindow ?? ({} as ProbeWindow));
    try {
      await within(loaded);
      const probe = (await within(webContents.executeJavaScript(PAGE_PROBE))) as { preload: boolean; version?: string };
      check('window', probe.preload, probe.preload ? 'the page loaded with the preload’s window.api' : 'the page loaded without window.api (preload missing)');
      check('ipc', probe.version === version, probe.version === version ? `page → main → page answered version ${version}` : `the page got ${JSON.stringify(probe.version)}`);
    } catch (error) {
      check('window', false, (error as Error).message);
      check('ipc', false, 'not tried: the window did not load');
    }

    const photo = join(deps.workDir, 'self-test-photo.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a86c8' } }).jpeg().toFile(photo);
    const engine = desktop.engine;
    const outcome = new Promise<{ ok: boolean; dm?: string; message?: string }>((resolve) =>
      engine.on((event) => {
        if (event.type !== 'outcome' || event.outcome.file !== photo) return;
        resolve(event.outcome.ok ? { ok: true, dm: event.outcome.dm } : { ok: false, message: `${event.outcome.error.code}: ${event.outcome.error.message}` });
      }),
    );
    desktop.shell.share([photo]);
    const shared = await within(outcome);
    check('share', shared.ok, shared.ok ? 'a generated photo went to a verified link on the built-in emulator' : `not shared: ${shared.message}`);
    if (shared.ok) {
      const text = await within(deps.electron.clipboard.readText());
      check('clipboard', text === shared.dm, text === shared.dm ? 'the DM text was on the system clipboard' : 'the clipboard held something else than the DM text');
    } else check('clipboard', false, 'not tried: nothing was shared');
  } catch (error) {
    const done = new Set(checks.map((c) => c.name));
    const all: SelfTestCheck['name'][] = ['start', 'tray', 'hotkeys', 'window', 'ipc', 'share', 'clipboard'];
    const first = all.find((n) => !done.has(n));
    if (first) check(first, false, (error as Error).message);
    for (const name of all) if (!checks.some((c) => c.name === name)) check(name, false, `not tried: ${first} failed`);
  } finally {
    clearTimeout(timer);
    await desktop?.close().catch(() => undefined);
  }
  return { dmdropSelfTest: 1, ok: checks.length > 0 && checks.every((c) => c.ok), version, platform: deps.platform, checks };
}

/** Tokens for the self-test's demo account: in memory only, never the person's keychain. */
export function memorySecrets(): { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void>; delete(key: string): Promise<void> } {
  const values = new Map<string, string>();
  return { get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
}

/** The one line printed when the app could not even start. */
export function startFailedReport(error: unknown, version: string, platform: string): SelfTestReport {
  const detail = error instanceof Error ? error.message : String(error);
  const names: SelfTestCheck['name'][] = ['tray', 'hotkeys', 'window', 'ipc', 'share', 'clipboard'];
  return { dmdropSelfTest: 1, ok: false, version, platform, checks: [{ name: 'start', ok: false, detail }, ...names.map((name) => ({ name, ok: false, detail: 'not tried: the app did not start' }))] };
}
