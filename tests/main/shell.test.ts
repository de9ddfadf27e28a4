// The shell's wiring with Electron replaced by a fake: hardened windows, blocked navigation,
// denied permissions, and an IPC manager that validates payloads and senders.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, fakeIpcMain } from '../helpers/fake-electron';

vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow }));

const { createMainWindow } = await import('../../src/main/windows/create-main-window');
const { hardenSession, hardenWebContents } = await import('../../src/main/security/harden-app');
const { registerIpc } = await import('../../src/main/ipc/register-ipc');
const { createSafeStorageSecrets } = await import('../../src/main/adapters/safe-storage-secrets');
const { IPC } = await import('../../src/shared/ipc-contract');

const windowOptions = { preload: '/app/out/preload/index.cjs', icon: '/app/resources/icon.png', url: 'app://dmdrop/index.html' };

describe('main window', () => {
  it('is isolated, sandboxed, without Node, and loads only our page over app://', () => {
    const window = createMainWindow(windowOptions) as unknown as FakeBrowserWindow;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(window.options.icon).toBe('/app/resources/icon.png');
    expect(window.loaded).toBe('app://dmdrop/index.html');
  });
});

describe('hardening', () => {
  it('prevents navigation, new windows and webviews', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    hardenSession({ setPermissionRequestHandler: (h: never) => (request = h), setPermissionCheckHandler: (h: never) => (check = h) } as never);
    const answer = vi.fn();
    request!(undefined, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(check!()).toBe(false);
  });
});

describe('IPC manager', () => {
  const own = 'file:///app/out/renderer/index.html';
  function setup() {
    const ipcMain = fakeIpcMain();
    const engine = {
      shareFiles: vi.fn(async (r: { paths: string[] }) => ({ accepted: r.paths.length })),
      listHistory: vi.fn(async () => []),
      copyLink: vi.fn(async () => ({ copied: true })),
      revokeLink: vi.fn(async () => ({ ok: true })),
      deleteFile: vi.fn(async () => ({ ok: true })),
      getSettings: vi.fn(),
      updateSettings: vi.fn(async (p: unknown) => p as never),
      listAccounts: vi.fn(async () => []),
      connectAccount: vi.fn(async () => []),
      disconnectAccount: vi.fn(async () => []),
      sharePasted: vi.fn(async () => ({ accepted: 1 })),
      openLink: vi.fn(async () => undefined),
      checkHealth: vi.fn(async () => undefined),
      pickFolder: vi.fn(async () => undefined),
      startDemo: vi.fn(async () => ({ ok: true })),
    };
    const frame = { url: own };
    registerIpc({
      ipcMain: ipcMain as never,
      engine,
      isOwnUrl: (url) => url === own,
      isOwnFrame: (event) => (event as { senderFrame: unknown }).senderFrame === frame,
      info: { version: '0.1.0', platform: 'linux' },
    });
    return { call: (channel: string, payload: unknown, senderFrame: unknown = frame) => ipcMain.handlers.get(channel)!({ senderFrame }, payload), engine };
  }

  it('accepts a valid request from our own page', async () => {
    const { call, engine } = setup();
    expect(await call(IPC.shareFiles, { paths: ['/home/u/a.jpg'], caption: 'hi' })).toEqual({ accepted: 1 });
    expect(engine.shareFiles).toHaveBeenCalledWith({ paths: ['/home/u/a.jpg'], caption: 'hi' });
  });

  it('rejects malformed payloads without calling the engine', async () => {
    const { call, engine } = setup();
    for (const bad of [undefined, {}, { paths: [] }, { paths: 'a.jpg' }, { paths: ['a'], caption: 'x'.repeat(501) }, { paths: ['a'], extra: 1 }, { paths: ['a'], maxEdge: 10 }]) {
      await expect(call(IPC.shareFiles, bad)).rejects.toThrow(/Invalid request/);
    }
    expect(engine.shareFiles).not.toHaveBeenCalled();
  });

  it('validates every channel: settings patches, account ids, links and ids', async () => {
    const { call, engine } = setup();
    await expect(call(IPC.updateSettings, { maxEdge: 100 })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.updateSettings, { notASetting: true })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.updateSettings, { hotkeys: { copyLast: 'x'.repeat(61), openWindow: '' } })).rejects.toThrow(/Invalid request/);
    expect(await call(IPC.updateSettings, { startAtLogin: true })).toEqual({ startAtLogin: true });
    await expect(call(IPC.connectAccount, { provider: 'myspace' })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.revokeLink, { url: 'not a url' })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.copyLink, { id: 1 })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.sharePasted, { data: 'not bytes', type: 'image/png' })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.sharePasted, { data: new Uint8Array(4), type: 'text/html' })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.shareFiles, { paths: ['/a.jpg'], expires: '1y' })).rejects.toThrow(/Invalid request/);
    await expect(call(IPC.openLink, { url: 'javascript:alert(1)' })).rejects.toThrow(/Invalid request/);
    await call(IPC.connectAccount, { provider: 'drive' });
    expect(engine.connectAccount).toHaveBeenCalledWith('drive');
    expect(engine.updateSettings).toHaveBeenCalledTimes(1);
    expect(engine.revokeLink).not.toHaveBeenCalled();
  });

  it('rejects a foreign sender even with a valid payload', async () => {
    const { call, engine } = setup();
    await expect(call(IPC.shareFiles, { paths: ['/a.jpg'] }, { url: 'https://evil.example/' })).rejects.toThrow(/rejected/);
    await expect(call(IPC.getInfo, undefined, { url: own })).rejects.toThrow(/rejected/); // same URL, not our frame
    expect(engine.shareFiles).not.toHaveBeenCalled();
  });
});

describe('token storage', () => {
  it('refuses to store tokens where the OS cannot encrypt them', async () => {
    const secrets = createSafeStorageSecrets(
      { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() },
      '/nonexistent',
    );
    await expect(secrets.set('dropbox.refreshToken', 'secret')).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/keyring/) });
  });

  it('stores them only obfuscated when the user explicitly opted in, and encrypted otherwise', async () => {
    const dir = await (await import('node:fs/promises')).mkdtemp((await import('node:path')).join((await import('node:os')).tmpdir(), 'dmdrop-secrets-'));
    const fake = { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from([...s].reverse().join('')), decryptString: (b: Buffer) => [...b.toString()].reverse().join('') };
    const optedIn = createSafeStorageSecrets({ ...fake, getSelectedStorageBackend: () => 'basic_text' }, dir, () => true);
    await optedIn.set('drive.refreshToken', 'secret-token');
    expect(await optedIn.get('drive.refreshToken')).toBe('secret-token');
    const keyring = createSafeStorageSecrets({ ...fake, getSelectedStorageBackend: () => 'gnome_libsecret' }, dir);
    await keyring.set('dropbox.refreshToken', 'other-token');
    const raw = await (await import('node:fs/promises')).readFile((await import('node:path')).join(dir, 'app-tokens.enc.json'), 'utf8');
    expect(raw).not.toContain('secret-token');
    expect(raw).not.toContain('other-token');
  });
});

describe('token storage without a keyring', () => {
  it('switches safeStorage to plain-text encryption only when the person allowed it, so storing works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dmdrop-secrets-'));
    // Electron with basic_text: no encryption until setUsePlainTextEncryption(true) (safe-storage.md).
    const basicText = () => {
      let plain = false;
      return {
        calls: [] as boolean[],
        getSelectedStorageBackend: () => 'basic_text',
        setUsePlainTextEncryption(value: boolean) {
          this.calls.push(value);
          plain = value;
        },
        isEncryptionAvailable: () => plain,
        encryptString: (s: string) => Buffer.from(`v10${s}`),
        decryptString: (b: Buffer) => b.toString().slice(3),
      };
    };
    const refused = basicText();
    await expect(createSafeStorageSecrets(refused, dir, () => false).set('dropbox.refreshToken', 't')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(refused.calls).toEqual([]);
    const allowed = basicText();
    const secrets = createSafeStorageSecrets(allowed, dir, () => true);
    await secrets.set('dropbox.refreshToken', 'the-token');
    expect(await secrets.get('dropbox.refreshToken')).toBe('the-token');
    expect(allowed.calls[0]).toBe(true);
  });

  it('a token that no longer decrypts reads as signed out and is reported, instead of failing the start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dmdrop-secrets-'));
    const keyring = { getSelectedStorageBackend: () => 'gnome_libsecret', isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() };
    await createSafeStorageSecrets(keyring, dir).set('drive.refreshToken', 'old');
    const lost: string[] = [];
    const otherKeychain = { ...keyring, decryptString: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } };
    const secrets = createSafeStorageSecrets(otherKeychain, dir, () => false, (key) => lost.push(key));
    expect(await secrets.get('drive.refreshToken')).toBeUndefined();
    expect(lost).toEqual(['drive.refreshToken']);
  });
});

describe('engine facade', () => {
  it('reports a batch the engine refuses as failed rows, not an unhandled rejection', async () => {
    const { reportRefusedBatch } = await import('../../src/main/engine-facade');
    const { DmDropError } = await import('../../src/shared/errors');
    const events: unknown[] = [];
    reportRefusedBatch(['/a.jpg', '/b.jpg'], new DmDropError('NOT_CONNECTED', 'No Dropbox account is connected.'), (event) => events.push(event));
    expect(events).toEqual([
      expect.objectContaining({ file: '/a.jpg', stage: 'failed', error: { code: 'NOT_CONNECTED', message: 'No Dropbox account is connected.' } }),
      expect.objectContaining({ file: '/b.jpg', stage: 'failed' }),
    ]);
  });
});

describe('window preferences', () => {
  it('sets exactly the secure preferences, written literally for static checkers', async () => {
    const window = createMainWindow(windowOptions) as unknown as FakeBrowserWindow;
    const { preload: _preload, disableBlinkFeatures, ...prefs } = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    });
    expect(disableBlinkFeatures).toBe('Auxclick');
  });
});
