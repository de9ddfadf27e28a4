// The tray menu and its icons as plain data: items in order, what each does, provider limits,
// icons for every state, bar colour and OS.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildTrayMenu, trayIconName, trayTooltip, type TrayMenuState } from '../../src/main/shell/tray-menu';

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
    hotkeys: { copyLast: 'CmdOrCtrl+Shift+L', openWindow: 'CmdOrCtrl+Shift+U', shareClipboard: 'Control+Alt+Shift+V' },
    ...overrides,
  };
}

function actions() {
  const copyLast = vi.fn();
  const openWindow = vi.fn();
  const shareClipboard = vi.fn();
  return {
    sharePhotos: vi.fn(), copyLink: vi.fn(), showQrCode: vi.fn(), togglePause: vi.fn(), setDefaultProvider: vi.fn(), openWindow: vi.fn(), quit: vi.fn(),
    hotkeys: { copyLast: { run: copyLast, available: (s: TrayMenuState) => Boolean(s.lastLink) }, openWindow: { run: openWindow }, shareClipboard: { run: shareClipboard } },
    copyLast, openWindowKey: openWindow, shareClipboard,
  };
}

const click = (item: unknown) => ((item as { click: () => void }).click)();

describe('tray menu', () => {
  it('lists the actions in order, with the last and recent links copyable', () => {
    const links = Array.from({ length: 7 }, (_, i) => ({ id: `j${i}`, label: `photo ${i}.jpg`, dm: `📷 link ${i}` }));
    const a = actions();
    const menu = buildTrayMenu(state({ lastLink: links[0], recent: links }), a);
    expect(menu.filter((m) => m.label).map((m) => m.label)).toEqual(['Ready', 'Share Photos…', 'Copy Last Link', 'Share Clipboard', 'Show Last Link as QR Code', 'Recent Links', 'Pause Auto-Upload', 'Default Provider', 'Open DM Drop', 'Settings…', 'Quit DM Drop']);
    const byLabel = (label: string) => menu.find((m) => m.label === label)!;
    expect(byLabel('Copy Last Link')).toMatchObject({ enabled: true, accelerator: 'CmdOrCtrl+Shift+L' });
    // A hotkey's item does what its keys do.
    click(byLabel('Copy Last Link'));
    expect(a.copyLast).toHaveBeenCalledTimes(1);
    // Share Clipboard reads the clipboard when clicked, so it is always offered.
    expect(byLabel('Share Clipboard')).toMatchObject({ enabled: true, accelerator: 'Control+Alt+Shift+V' });
    click(byLabel('Share Clipboard'));
    expect(a.shareClipboard).toHaveBeenCalledTimes(1);
    expect(byLabel('Open DM Drop')).toMatchObject({ enabled: true, accelerator: 'CmdOrCtrl+Shift+U' });
    click(byLabel('Open DM Drop'));
    expect(a.openWindowKey).toHaveBeenCalledTimes(1);
    const recent = byLabel('Recent Links').submenu as { label: string }[];
    expect(recent.map((r) => r.label)).toEqual(['photo 0.jpg', 'photo 1.jpg', 'photo 2.jpg', 'photo 3.jpg', 'photo 4.jpg']);
    click(recent[3]!);
    expect(a.copyLink).toHaveBeenCalledWith(links[3]);
    click(byLabel('Show Last Link as QR Code'));
    expect(a.showQrCode).toHaveBeenCalledWith(links[0]);
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
    expect(menu.find((m) => m.label === 'Show Last Link as QR Code')!.enabled).toBe(false); // no link yet
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
