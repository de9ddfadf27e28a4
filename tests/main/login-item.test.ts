// Start at login per OS: an XDG autostart entry on Linux (setLoginItemSettings does nothing
// there), Electron's login item on macOS (no args: it ignores them) and Windows (--hidden), and
// nothing at all for development runs, which would register the bare electron binary.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { autostartEntry, execQuote, loginItemFor, startedAtLogin } from '../../src/main/shell/login-item';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const app = (isPackaged = true) => ({ isPackaged, setLoginItemSettings: vi.fn() });

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that starts the AppImage hidden', async () => {
    const home = await tempDir();
    const item = loginItemFor({ app: app(), platform: 'linux', execPath: '/tmp/.mount_DMDropX/dm-drop', env: { APPIMAGE: '/home/zoë/Apps/DM Drop.AppImage' }, homeDir: home, desktopName: 'app.dmdrop.DMDrop.desktop' })!;
    await item.set(true);
    const file = join(home, '.config/autostart/app.dmdrop.DMDrop.desktop');
    const entry = await readFile(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Exec="/home/zoë/Apps/DM Drop.AppImage" --hidden\n');
    await item.set(false);
    expect(await readdir(join(home, '.config/autostart'))).toEqual([]);
    await item.set(false); // already off: fine
  });

  it('honours XDG_CONFIG_HOME and uses the installed executable outside an AppImage', async () => {
    const config = await tempDir();
    const item = loginItemFor({ app: app(), platform: 'linux', execPath: '/opt/DM Drop/dmdrop', env: { XDG_CONFIG_HOME: config }, homeDir: '/nonexistent', desktopName: 'app.dmdrop.DMDrop.desktop' })!;
    await item.set(true);
    expect(await readFile(join(config, 'autostart/app.dmdrop.DMDrop.desktop'), 'utf8')).toContain('Exec="/opt/DM Drop/dmdrop" --hidden');
  });

  it('quotes the Exec argument as the Desktop Entry specification says', () => {
    expect(execQuote('/opt/a b/x')).toBe('"/opt/a b/x"');
    expect(execQuote('/opt/100%/$HOME/"q"')).toBe('"/opt/100%%/\\\\$HOME/\\\\"q\\\\""');
    expect(execQuote('/opt/back\\slash')).toBe('"/opt/back\\\\\\\\slash"');
    expect(autostartEntry('/x')).toMatch(/^Exec="\/x" --hidden$/m);
  });

  it('uses the OS login item on macOS (no args) and Windows (--hidden)', async () => {
    const mac = app();
    await loginItemFor({ app: mac, platform: 'darwin', execPath: '/Applications/DM Drop.app/Contents/MacOS/DM Drop', env: {}, homeDir: '/Users/z', desktopName: 'x' })!.set(true);
    expect(mac.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    const win = app();
    await loginItemFor({ app: win, platform: 'win32', execPath: 'C:\\Program Files\\DM Drop\\DM Drop.exe', env: {}, homeDir: 'C:\\Users\\z', desktopName: 'x' })!.set(false);
    expect(win.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false, args: ['--hidden'] });
  });

  it('never registers a development run', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(loginItemFor({ app: app(false), platform, execPath: '/repo/node_modules/electron/dist/electron', env: {}, homeDir: '/h', desktopName: 'x' })).toBeUndefined();
    }
  });

  it('knows it was started at login: --hidden, or macOS’s wasOpenedAtLogin', () => {
    const opened = (wasOpenedAtLogin: boolean) => ({ getLoginItemSettings: () => ({ wasOpenedAtLogin }) as never });
    expect(startedAtLogin(['/opt/dmdrop', '--hidden'], 'linux', opened(false))).toBe(true);
    expect(startedAtLogin(['/Applications/DM Drop.app/Contents/MacOS/DM Drop'], 'darwin', opened(true))).toBe(true);
    expect(startedAtLogin(['/Applications/DM Drop.app/Contents/MacOS/DM Drop'], 'darwin', opened(false))).toBe(false);
    expect(startedAtLogin(['C:\\DM Drop.exe'], 'win32', opened(true))).toBe(false);
  });
});
