// The shell's wiring with Electron replaced by a fake: hardened windows, blocked navigation,
// denied permissions, token storage. (The IPC manager: tests/main/ipc/register-ipc.test.ts.)
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents } from '../helpers/fake-electron';

vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow }));

const { createMainWindow } = await import('../../src/main/windows/create-main-window');
const { hardenSession, hardenWebContents } = await import('../../src/main/security/harden-app');
const { createSafeStorageSecrets } = await import('../../src/main/adapters/safe-storage-secrets');

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
