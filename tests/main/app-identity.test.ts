// The names the OS knows DM Drop by must be the ones the installers write: Windows attributes
// notifications through the AppUserModelID of the NSIS shortcut (electron-builder's appId), and
// Linux portals (Wayland hotkeys) find the app by its installed .desktop file, which
// electron-builder names after package.json's desktopName when linux.syncDesktopName is on.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_USER_MODEL_ID, DESKTOP_NAME } from '../../src/main/app-identity';

const root = join(import.meta.dirname, '../..');
const json = async (file: string) => JSON.parse(await readFile(join(root, file), 'utf8')) as Record<string, unknown> & { linux?: { syncDesktopName?: boolean }; mac?: { extendInfo?: Record<string, unknown> } };

describe('app identity', () => {
  it('matches the installers: appId, desktopName, and macOS notification alerts', async () => {
    const builder = await json('electron-builder.json');
    const pkg = await json('package.json');
    expect(APP_USER_MODEL_ID).toBe(builder.appId);
    expect(DESKTOP_NAME).toBe(pkg.desktopName);
    expect(builder.linux?.syncDesktopName).toBe(true);
    // Reverse-DNS, as the GlobalShortcuts portal requires (Electron's global-shortcut.md).
    expect(DESKTOP_NAME).toMatch(/^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*){2,}\.desktop$/);
    // Notification buttons (Cancel on an auto-upload) need alert style (notification-action.md).
    expect(builder.mac?.extendInfo?.NSUserNotificationAlertStyle).toBe('alert');
  });

  it('has an npm script that builds and runs the self-test', async () => {
    const pkg = (await json('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.smoke).toMatch(/electron-vite build && electron \. --self-test$/);
  });
});
