// The tray menu, its icons, hotkeys and command-line files, as plain data and fakes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { filesFromArgv } from '../../src/main/shell/argv-files';
import { isAllowedExternal } from '../../src/main/shell/external-links';
import { registerHotkeys } from '../../src/main/shell/hotkeys';
import { buildTrayMenu, trayIconName, trayTooltip, type TrayMenuState } from '../../src/main/shell/tray-menu';
import { acceleratorLabel } from '../../src/shared/accelerator-label';
import { DEFAULT_HOTKEYS, defaultHotkeys, SettingsSchema } from '../../src/shared/settings-schema';

const RESOURCES = join(import.meta.dirname, '../../resources');

function state(overrides: Partial<TrayMenuState> = {}): TrayMenuState {
  return {
    uploading: 0,
    needsAttention: false,
    recent: [],
    autoUploadPaused: false,
    providers: [
      { id: 'dropbox', name: 'Dropbox', state: 'connected', default: true },
      { id: 'drive', name: 'Google Drive', state: 'not-connected', default: false },
      { id: 'google-photos', name: 'Google Photos', state: 'unsupported', default: false, note: 'no API' },
      { id: 'icloud', name: 'iCloud', state: 'unsupported', default: false },
    ],
    hotkeys: { copyLast: 'CmdOrCtrl+Shift+L', openWindow: 'CmdOrCtrl+Shift+U' },
    ...overrides,
  };
}

function actions() {
  return { sharePhotos: vi.fn(), copyLink: vi.fn(), togglePause: vi.fn(), setDefaultProvider: vi.fn(), openWindow: vi.fn(), quit: vi.fn() };
}

const click = (item: unknown) => ((item as { click: () => void }).click)();

describe('tray menu', () => {
  it('lists the actions in order, with the last and recent links copyable', () => {
    const links = Array.from({ length: 7 }, (_, i) => ({ id: `j${i}`, label: `photo ${i}.jpg`, dm: `📷 link ${i}` }));
    const a = actions();
    const menu = buildTrayMenu(state({ lastLink: links[0], recent: links }), a);
    expect(menu.filter((m) => m.label).map((m) => m.label)).toEqual(['Ready', 'Share Photos…', 'Copy Last Link', 'Recent Links', 'Pause Auto-Upload', 'Default Provider', 'Open DM Drop', 'Settings…', 'Quit DM Drop']);
    const byLabel = (label: string) => menu.find((m) => m.label === label)!;
    expect(byLabel('Copy Last Link')).toMatchObject({ enabled: true, accelerator: 'CmdOrCtrl+Shift+L' });
    click(byLabel('Copy Last Link'));
    expect(a.copyLink).toHaveBeenCalledWith(links[0]);
    const recent = byLabel('Recent Links').submenu as { label: string }[];
    expect(recent.map((r) => r.label)).toEqual(['photo 0.jpg', 'photo 1.jpg', 'photo 2.jpg', 'photo 3.jpg', 'photo 4.jpg']);
    click(recent[3]!);
    expect(a.copyLink).toHaveBeenLastCalledWith(links[3]);
    click(byLabel('Share Photos…'));
    click(byLabel('Pause Auto-Upload'));
    click(byLabel('Settings…'));
    click(byLabel('Quit DM Drop'));
    expect([a.sharePhotos, a.togglePause, a.quit].every((f) => f.mock.calls.length === 1)).toBe(true);
    expect(a.openWindow).toHaveBeenCalledWith('settings');
  });

  it('shows provider limits honestly and cannot select an impossible one', () => {
    const a = actions();
    const providers = buildTrayMenu(state(), a).find((m) => m.label === 'Default Provider')!.submenu as { label: string; enabled: boolean; checked: boolean }[];
    expect(providers.map((p) => [p.label, p.enabled, p.checked])).toEqual([
      ['Dropbox', true, true],
      ['Google Drive (not connected)', true, false],
      ['Google Photos (not possible: no sharing API)', false, false],
      ['iCloud (not possible: no sharing API)', false, false],
    ]);
    click(providers[1]!);
    expect(a.setDefaultProvider).toHaveBeenCalledWith('drive');
  });

  it('disables link items until there is a link, and reports uploads and trouble', () => {
    const menu = buildTrayMenu(state({ uploading: 2 }), actions());
    expect(menu[0]!.label).toBe('Uploading 2 photos…');
    expect(menu.find((m) => m.label === 'Copy Last Link')!.enabled).toBe(false);
    expect(buildTrayMenu(state({ needsAttention: true }), actions())[0]).toMatchObject({ label: 'Something needs your attention', enabled: true });
    expect(trayTooltip({ uploading: 1, needsAttention: false })).toBe('DM Drop: uploading 1');
  });

  it('picks an icon that exists for every state, bar colour and OS', () => {
    for (const uploading of [0, 1]) {
      for (const needsAttention of [false, true]) {
        for (const platform of ['darwin', 'win32', 'linux'] as const) {
          for (const dark of [false, true]) {
            const name = trayIconName({ uploading, needsAttention }, platform, dark);
            expect(existsSync(join(RESOURCES, name)), name).toBe(true);
            expect(existsSync(join(RESOURCES, name.replace('.png', '@2x.png'))), name).toBe(true);
          }
        }
      }
    }
    expect(trayIconName({ uploading: 0, needsAttention: false }, 'darwin', true)).toBe('tray-idleTemplate.png');
    expect(trayIconName({ uploading: 3, needsAttention: false }, 'win32', true)).toBe('tray-busy-dark.png');
  });
});

describe('hotkeys', () => {
  it('registers the configured shortcuts and reports one another app holds, with what to do', () => {
    const registered = new Map<string, () => void>();
    const globalShortcut = {
      unregisterAll: vi.fn(() => registered.clear()),
      register: vi.fn((accelerator: string, fn: () => void) => {
        if (accelerator === 'CmdOrCtrl+Shift+U') return false; // taken by another app
        registered.set(accelerator, fn);
        return true;
      }),
    };
    const copyLast = vi.fn();
    const failures = registerHotkeys(globalShortcut, { copyLast: 'CmdOrCtrl+Shift+L', openWindow: 'CmdOrCtrl+Shift+U' }, { copyLast, openWindow: vi.fn() });
    expect(failures).toEqual([{ action: 'openWindow', accelerator: 'CmdOrCtrl+Shift+U', message: expect.stringMatching(/already used by another app.*settings/) }]);
    registered.get('CmdOrCtrl+Shift+L')!();
    expect(copyLast).toHaveBeenCalledTimes(1);
    // An empty binding turns the hotkey off; an unparsable one is reported, not thrown.
    globalShortcut.register.mockImplementationOnce(() => {
      throw new Error('conversion failure');
    });
    expect(registerHotkeys(globalShortcut, { copyLast: 'Hyper+?', openWindow: '' }, { copyLast, openWindow: vi.fn() }).map((f) => f.action)).toEqual(['copyLast']);
  });
});

describe('default hotkeys', () => {
  // Key combinations common software on each OS already uses (a global shortcut would take them).
  const clashes: Record<keyof typeof DEFAULT_HOTKEYS, RegExp[]> = {
    // IBus Unicode entry and emoji; GNOME/XFCE/Cinnamon lock screen and terminal; editors' select-all-occurrences.
    linux: [/^Control\+Shift\+[UEL]$/, /^Control\+Alt\+[LTD]$/, /^(CmdOrCtrl|CommandOrControl)\+/],
    // Ctrl+Alt is AltGr on Windows keyboards; Win+Alt+letters used by the Game Bar and the clock.
    win32: [/(Control|Ctrl|CmdOrCtrl).*\+Alt|Alt.*\+(Control|Ctrl)/, /^Super\+Alt\+[BDGKMRT]$/, /^(CmdOrCtrl|Control)\+Shift\+L$/],
    // Look Up, full screen, lock screen; Cmd+Shift/Cmd+Option letters taken by Safari, Finder and editors.
    darwin: [/^Control\+Command\+[DFQ ]$/, /^(Command|CmdOrCtrl)\+(Shift|Alt|Option)\+/],
  };

  it('differ per OS and use none of that OS’s common shortcuts', () => {
    for (const [platform, keys] of Object.entries(DEFAULT_HOTKEYS) as [keyof typeof DEFAULT_HOTKEYS, { copyLast: string; openWindow: string }][]) {
      for (const accelerator of Object.values(keys)) for (const taken of clashes[platform]) expect(accelerator, `${platform} ${accelerator}`).not.toMatch(taken);
      expect(defaultHotkeys(platform)).toEqual(keys);
    }
    // parse({}) gives this OS's pair (the tests run on Linux).
    expect(SettingsSchema.parse({}).hotkeys).toEqual(defaultHotkeys(process.platform));
    expect(SettingsSchema.parse({ hotkeys: { copyLast: '' } }).hotkeys).toEqual({ copyLast: '', openWindow: defaultHotkeys(process.platform).openWindow });
  });

  it('are written the way each OS writes them', () => {
    expect(acceleratorLabel(DEFAULT_HOTKEYS.darwin.copyLast, 'darwin')).toBe('⌃⌘L');
    expect(acceleratorLabel(DEFAULT_HOTKEYS.win32.copyLast, 'win32')).toBe('Win+Alt+L');
    expect(acceleratorLabel(DEFAULT_HOTKEYS.linux.copyLast, 'linux')).toBe('Ctrl+Alt+Shift+L');
    expect(acceleratorLabel('CmdOrCtrl+Shift+U', 'darwin')).toBe('⌘⇧U');
    expect(acceleratorLabel('CmdOrCtrl+Shift+U', 'linux')).toBe('Ctrl+Shift+U');
  });
});

describe('command-line files and external links', () => {
  it('takes existing files from argv, skipping switches, the app path and duplicates', () => {
    const files = new Set(['/home/a/p.jpg', '/home/a/dir/q.png']);
    const isFile = (p: string) => files.has(p);
    expect(filesFromArgv(['/opt/DM Drop/dm-drop', '--allow-file-access', 'p.jpg', 'dir/q.png', 'missing.jpg', '/home/a/p.jpg', '.'], '/home/a', isFile)).toEqual(['/home/a/p.jpg', '/home/a/dir/q.png']);
    expect(filesFromArgv(['electron', 'out/main/index.js', '/home/a/p.jpg'], '/x', isFile, 1)).toEqual(['/home/a/p.jpg']);
  });

  it('opens only consent pages and links DM Drop made', () => {
    const own = ['https://www.dropbox.com/scl/fi/abc/x.jpg?rlkey=k&dl=0'];
    expect(isAllowedExternal('https://www.dropbox.com/oauth2/authorize?client_id=x', { ownLinks: own })).toBe(true);
    expect(isAllowedExternal('https://accounts.google.com/o/oauth2/v2/auth?client_id=x', { ownLinks: own })).toBe(true);
    expect(isAllowedExternal(own[0]!, { ownLinks: own })).toBe(true);
    expect(isAllowedExternal('https://evil.example/phish', { ownLinks: own })).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd', { ownLinks: ['file:///etc/passwd'] })).toBe(false);
    expect(isAllowedExternal('http://127.0.0.1:5000/oauth2/authorize', { ownLinks: [], emulatorOrigins: ['http://127.0.0.1:5000'] })).toBe(true);
    expect(isAllowedExternal('javascript:alert(1)', { ownLinks: [] })).toBe(false);
  });
});
