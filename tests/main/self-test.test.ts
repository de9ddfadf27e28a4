// `--self-test` run against the fake Electron, with everything else real: the built page served
// through the app:// handler, the real preload's window.api (its ipcRenderer routed to the shell's
// IPC handlers with the frame Chromium would report), the engine, the demo emulator, sharp. The
// report must say what worked and what did not, and fail when a part is broken.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WindowApi } from '../../src/shared/ipc-channels';
import { fakeElectron, FakeBrowserWindow, type FakeElectronOptions } from '../helpers/fake-electron';
import { useTempDirs } from '../helpers/temp-dir';
import { fakeOs } from '../helpers/fake-os';

// The page side: the real preload, on a fake contextBridge/ipcRenderer. invoke goes to the
// handler main registered, from the window that is loaded.
const page: { contents?: FakeBrowserWindow['webContents']; ipcMain?: ReturnType<typeof fakeElectron>['ipcMain']; api?: WindowApi } = {};
vi.mock('electron', () => ({
  default: { app: { getPath: () => '/nonexistent', getVersion: () => '0.1.0' }, ipcMain: { on: () => undefined }, shell: {} },
  contextBridge: { exposeInMainWorld: (_name: string, api: WindowApi) => void (page.api = api) },
  ipcRenderer: {
    invoke: (channel: string, payload?: unknown) => page.ipcMain!.handlers.get(channel)!({ sender: page.contents, senderFrame: page.contents!.mainFrame }, payload),
    on: () => undefined,
    removeListener: () => undefined,
  },
  webUtils: { getPathForFile: () => '' },
}));

const { default: ElectronStore } = await import('electron-store');
const { startDesktop } = await import('../../src/main/desktop');
const { memorySecrets, runSelfTest } = await import('../../src/main/self-test/self-test');
const { RENDERER_ENTRY_URL } = await import('../../src/main/windows/renderer-protocol');
await import('../../src/preload/index');

const root = join(import.meta.dirname, '../..');
const tempDir = useTempDirs();

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
});

async function selfTest(options: FakeElectronOptions & { rendererDir?: string; brokenClipboard?: boolean } = {}) {
  const fake = fakeElectron(options);
  if (options.brokenClipboard) fake.failClipboard();
  const workDir = await tempDir();
  page.ipcMain = fake.ipcMain;
  // A window as Electron makes it: loading the URL asks the app:// handler, and the frame then
  // reports the URL the way Chromium does.
  const createWindow = (url: string) => {
    const window = new FakeBrowserWindow({});
    const contents = Object.assign(window.webContents, {
      executeJavaScript: async (code: string) => runInNewContext(code, { window: { api: page.api } }) as unknown,
    });
    setImmediate(async () => {
      const response = await fake.protocolHandlers.get('app')!(new Request(url));
      const html = await response.text();
      if (response.status !== 200 || !/<script type="module"[^>]+src="\.\/assets\//.test(html)) return void contents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', url);
      page.contents = contents;
      contents.finishLoad(url);
    });
    return window as never;
  };
  const report = await runSelfTest({
    start: (onWindow) =>
      startDesktop({
        electron: fake.electron as never,
        Store: ElectronStore,
        platform: 'linux',
        env: { HOME: workDir },
        argv: ['/opt/DM Drop/dmdrop', '--self-test'],
        cwd: workDir,
        osInputs: fakeOs('linux', workDir),
        dataDir: join(workDir, 'data'),
        rendererDir: options.rendererDir ?? join(root, 'out/renderer'),
        resourcesDir: join(root, 'resources'),
        pageUrl: RENDERER_ENTRY_URL,
        createWindow,
        onWindow,
        secrets: memorySecrets(),
        startHidden: true,
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      }),
    electron: fake.electron,
    workDir,
    platform: 'linux',
  });
  return { report, fake };
}

describe('the self-test', () => {
  it('passes every check when the app works: tray, hotkeys, page with preload, IPC, share, clipboard', async () => {
    const { report, fake } = await selfTest();
    expect(report).toMatchObject({ dmdropSelfTest: 1, ok: true, version: '0.1.0', platform: 'linux' });
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['start', true],
      ['tray', true],
      ['hotkeys', true],
      ['window', true],
      ['ipc', true],
      ['share', true],
      ['clipboard', true],
    ]);
    expect(report.checks.find((c) => c.name === 'hotkeys')!.detail).toBe('Control+Alt+Shift+L registered; Control+Alt+Shift+U registered; Control+Alt+Shift+V registered');
    // One JSON line: nothing in it spans lines.
    expect(JSON.stringify(report)).not.toContain('\n');
    expect(fake.clipboard).toHaveLength(1);
    expect(fake.clipboard[0]).toMatch(/^📷 +Tap to view, no login needed: http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('counts a hotkey another app holds as reported, not as a failure', async () => {
    const { report } = await selfTest({ taken: ['Control+Alt+Shift+U'] });
    const hotkeys = report.checks.find((c) => c.name === 'hotkeys')!;
    expect(hotkeys.ok).toBe(true);
    expect(hotkeys.detail).toMatch(/Control\+Alt\+Shift\+U not available, reported: .*already used by another app/);
  });

  it('fails, saying which part, when the page does not load', async () => {
    const { report } = await selfTest({ rendererDir: join(root, 'out/nothing-here') });
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['window', 'ipc']);
    expect(report.checks.find((c) => c.name === 'window')!.detail).toMatch(/did not load: ERR_FILE_NOT_FOUND/);
  });

  it('fails the clipboard check when the DM text never reached the clipboard', async () => {
    const { report, fake } = await selfTest({ brokenClipboard: true });
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok)).toEqual([{ name: 'clipboard', ok: false, detail: 'the clipboard held something else than the DM text' }]);
    // The photo is shared all the same, and the person is told where the link is.
    expect(fake.said.map((n) => n.body)).toContain('The link works, but it could not be put on the clipboard: copy it from the history.');
  });
});

