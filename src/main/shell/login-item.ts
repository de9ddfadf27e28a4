// Start at login, the way each OS does it. macOS and Windows: Electron's setLoginItemSettings
// (macOS ignores `args`, so a login start is recognised by wasOpenedAtLogin instead of --hidden;
// Electron 44 removed openAsHidden). Linux: setLoginItemSettings does nothing there, so an XDG
// autostart entry is written to ~/.config/autostart. Development runs get no login item at all:
// it would register the bare electron binary, which opens Electron's default app at every login.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'electron';
import writeFileAtomic from 'write-file-atomic';

export interface LoginItem {
  set(enabled: boolean): Promise<void>;
}

export const HIDDEN_ARG = '--hidden';

export interface LoginItemOptions {
  app: Pick<App, 'isPackaged' | 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  /** process.execPath: the installed executable (or, in an AppImage, a mount that vanishes; see env.APPIMAGE). */
  execPath: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** The .desktop id (package.json desktopName), also the autostart file's name. */
  desktopName: string;
}

export function loginItemFor(options: LoginItemOptions): LoginItem | undefined {
  if (!options.app.isPackaged) return undefined;
  if (options.platform === 'linux') {
    const dir = join(options.env.XDG_CONFIG_HOME || join(options.homeDir, '.config'), 'autostart');
    const file = join(dir, `${options.desktopName.replace(/\.desktop$/, '')}.desktop`);
    // An AppImage runs from a temporary mount; APPIMAGE is the file the person keeps.
    const executable = options.env.APPIMAGE || options.execPath;
    return {
      async set(enabled) {
        if (!enabled) return rm(file, { force: true });
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(file, autostartEntry(executable), { mode: 0o644 });
      },
    };
  }
  return {
    async set(enabled) {
      // Windows starts us with --hidden; macOS ignores args and reports wasOpenedAtLogin instead.
      options.app.setLoginItemSettings(options.platform === 'win32' ? { openAtLogin: enabled, args: [HIDDEN_ARG] } : { openAtLogin: enabled });
    },
  };
}

/** The autostart entry (freedesktop Desktop Entry + Autostart specifications). */
export function autostartEntry(executable: string): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=DM Drop', 'Comment=Share photos into DMs as verified links', `Exec=${execQuote(executable)} ${HIDDEN_ARG}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/**
 * An Exec argument, quoted: inside double quotes `"`, `` ` ``, `$` and `\` are backslash-escaped
 * (the quoting rule), then every backslash is doubled again (the string-value rule, applied
 * first when read), and `%` is written `%%` (field codes).
 */
export function execQuote(arg: string): string {
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** Started by the OS at login: --hidden (Windows, Linux autostart) or macOS's own record. */
export function startedAtLogin(argv: string[], platform: NodeJS.Platform, app: Pick<App, 'getLoginItemSettings'>): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
