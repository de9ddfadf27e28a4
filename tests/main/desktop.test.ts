// The app after `ready` (startDesktop) with the fake Electron and everything else real: a settings
// file and a stored token that cannot be read must not stop the start; the app opens with that
// part reset or disconnected and says so.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron, FakeBrowserWindow } from '../helpers/fake-electron';
import { useTempDirs } from '../helpers/temp-dir';
import { fakeOs } from '../helpers/fake-os';

// electron-store asks Electron only for the app version (migrations).
vi.mock('electron', () => ({ default: { app: { getPath: () => '/nonexistent', getVersion: () => '0.1.0' }, ipcMain: { on: () => undefined }, shell: {} } }));

const { default: ElectronStore } = await import('electron-store');
const { startDesktop } = await import('../../src/main/desktop');
const { IPC } = await import('../../src/shared/ipc-contract');

const tempDir = useTempDirs();
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('starting the desktop app', () => {
  it('opens with bad settings reset and an unreadable sign-in disconnected, and says both', async () => {
    const home = await tempDir();
    const dataDir = await tempDir();
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ maxEdge: 'huge', defaultProvider: 'dropbox' }));
    // A token sealed by another keychain: this machine's safeStorage cannot decrypt it.
    await writeFile(join(dataDir, 'app-tokens.enc.json'), JSON.stringify({ 'dropbox.refreshToken': Buffer.from('sealed elsewhere').toString('base64') }));
    const fake = fakeElectron();
    fake.electron.safeStorage.decryptString = () => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    };
    const windows: FakeBrowserWindow[] = [];
    const desktop = await startDesktop({
      electron: fake.electron as never,
      Store: ElectronStore,
      platform: 'linux',
      env: { HOME: home, DMDROP_DROPBOX_APP_KEY: 'app-key', DMDROP_OAUTH_PORT: '0' },
      argv: ['/opt/DM Drop/dmdrop'],
      cwd: home,
      osInputs: fakeOs('linux', home),
      dataDir,
      rendererDir: join(home, 'renderer'),
      resourcesDir: join(home, 'resources'),
      pageUrl: 'app://dmdrop/index.html',
      createWindow: () => {
        const window = new FakeBrowserWindow({});
        windows.push(window);
        return window as never;
      },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    close = () => desktop.close();
    expect(desktop.engine.history()).toEqual([]);
    expect(fake.said.map((n) => n.body)).toEqual([
      expect.stringMatching(/^Some settings were not valid \(maxEdge\), so DM Drop reset them/),
      expect.stringMatching(/^Your Dropbox sign-in could not be read on this computer.*Connect it again in Settings → Accounts\.$/),
    ]);
    expect(desktop.shell.state().providers.find((p) => p.id === 'dropbox')!.state).toBe('not-connected');
    // The window opened (a normal start) and hears both once its page has loaded.
    windows[0]!.webContents.finishLoad('app://dmdrop/index.html');
    const said = windows[0]!.webContents.sent.filter(([c]) => c === IPC.notice).map(([, n]) => (n as { message: string }).message);
    expect(said).toEqual([expect.stringMatching(/reset them/), expect.stringMatching(/sign-in could not be read/)]);
    // Its IPC answers the page it loaded, and only that page.
    const frame = windows[0]!.webContents.mainFrame;
    const info = fake.ipcMain.handlers.get(IPC.getInfo)!;
    expect(await info({ sender: windows[0]!.webContents, senderFrame: frame }, undefined)).toEqual({ ok: true, version: '0.1.0', platform: 'linux' });
    const refused = { ok: false, error: { code: 'SENDER_REJECTED', message: expect.stringMatching(/rejected/) } };
    expect(await info({ sender: windows[0]!.webContents, senderFrame: { url: 'https://evil.example/' } }, undefined)).toEqual(refused);
    expect(await info({ sender: new FakeBrowserWindow({}).webContents, senderFrame: frame }, undefined)).toEqual(refused);
  });
});
