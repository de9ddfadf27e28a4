// Where this computer's screenshots land, read the way each OS and tool records it. Everything
// the OS is asked goes through OsInputs, so tests fake plist/registry/XDG values and real runs
// ask the real system.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export interface OsInputs {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  readFile(path: string): string | undefined;
  /** A command's stdout, or undefined when it fails or does not exist. */
  run(command: string, args: string[]): string | undefined;
  exists(path: string): boolean;
}

export interface ScreenshotFolder {
  path: string;
  /** Where the answer came from, for the user and the logs. */
  source: string;
  /** A shared folder (the macOS Desktop): only the system's screenshot names count there. */
  onlyScreenshotNames: boolean;
}

export function systemOsInputs(): OsInputs {
  return {
    platform: process.platform,
    home: homedir(),
    env: process.env,
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    run: (command, args) => {
      try {
        return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 3000 });
      } catch {
        return undefined;
      }
    },
    exists: existsSync,
  };
}

/** Candidate folders, best first; the caller watches those that exist (creating the first if none does). */
export function findScreenshotFolders(os: OsInputs): ScreenshotFolder[] {
  const found = os.platform === 'darwin' ? mac(os) : os.platform === 'win32' ? windows(os) : linux(os);
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.path) && seen.add(f.path));
}

function expandHome(path: string, home: string): string {
  return path.replace(/^~(?=$|\/)/, home).replace(/^\$HOME(?=$|\/)/, home).replace(/^\$\{HOME\}(?=$|\/)/, home);
}

function mac(os: OsInputs): ScreenshotFolder[] {
  const desktop = join(os.home, 'Desktop');
  const configured = os.run('defaults', ['read', 'com.apple.screencapture', 'location'])?.trim();
  const path = configured ? expandHome(configured, os.home).replace(/\/+$/, '') : desktop;
  return [{ path, source: configured ? 'com.apple.screencapture location' : 'macOS default (Desktop)', onlyScreenshotNames: path === desktop }];
}

const SCREENSHOTS_KNOWN_FOLDER = '{B7BEDE81-DF94-4682-A7D8-57A52620B86F}';
const SHELL_FOLDERS = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';

function windows(os: OsInputs): ScreenshotFolder[] {
  const expand = (value: string) => value.replace(/%([^%]+)%/g, (whole, name: string) => os.env[name] ?? os.env[name.toUpperCase()] ?? whole);
  const registry = (name: string) => {
    const out = os.run('reg', ['query', SHELL_FOLDERS, '/v', name]);
    const match = out && new RegExp(`${name.replace(/[{}]/g, '\\$&')}\\s+REG_(?:EXPAND_)?SZ\\s+(.+)`, 'i').exec(out);
    return match ? expand(match[1]!.trim()) : undefined;
  };
  const profile = os.env.USERPROFILE ?? os.home;
  const folders: ScreenshotFolder[] = [];
  const known = registry(SCREENSHOTS_KNOWN_FOLDER);
  if (known) folders.push({ path: known, source: 'Screenshots known folder', onlyScreenshotNames: false });
  for (const oneDrive of [os.env.OneDrive, os.env.OneDriveConsumer].filter((v): v is string => Boolean(v))) {
    const path = win32.join(oneDrive, 'Pictures', 'Screenshots');
    if (os.exists(path)) folders.push({ path, source: 'OneDrive (Pictures backed up)', onlyScreenshotNames: false });
  }
  const pictures = registry('My Pictures');
  if (pictures) folders.push({ path: win32.join(pictures, 'Screenshots'), source: 'Pictures folder', onlyScreenshotNames: false });
  folders.push({ path: win32.join(profile, 'Pictures', 'Screenshots'), source: 'Windows default', onlyScreenshotNames: false });
  return folders;
}

/** `key=value` from an INI section (KDE and Qt config files). */
function iniValue(text: string | undefined, section: string, key: string): string | undefined {
  if (!text) return undefined;
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!;
    else if (current === section && line.startsWith(`${key}=`)) return line.slice(key.length + 1).trim();
  }
  return undefined;
}

function fileUrlToPath(value: string): string {
  return value.startsWith('file://') ? decodeURIComponent(value.slice('file://'.length)) : value;
}

function linux(os: OsInputs): ScreenshotFolder[] {
  const config = os.env.XDG_CONFIG_HOME || join(os.home, '.config');
  const folders: ScreenshotFolder[] = [];
  const flameshot = iniValue(os.readFile(join(config, 'flameshot', 'flameshot.ini')), 'General', 'savePath');
  if (flameshot) folders.push({ path: expandHome(flameshot, os.home), source: 'Flameshot savePath', onlyScreenshotNames: false });
  const spectacle = os.readFile(join(config, 'spectaclerc'));
  const kde = iniValue(spectacle, 'ImageSave', 'imageSaveLocation') ?? iniValue(spectacle, 'Save', 'defaultSaveLocation') ?? iniValue(spectacle, 'General', 'defaultSaveLocation');
  if (kde) folders.push({ path: expandHome(fileUrlToPath(kde), os.home).replace(/\/+$/, ''), source: 'KDE Spectacle', onlyScreenshotNames: false });
  const userDirs = os.readFile(join(config, 'user-dirs.dirs'));
  const pictures = /^XDG_PICTURES_DIR="(.+)"$/m.exec(userDirs ?? '')?.[1];
  const picturesDir = pictures ? expandHome(pictures, os.home) : join(os.home, 'Pictures');
  folders.push({ path: join(picturesDir, 'Screenshots'), source: pictures ? 'GNOME (XDG pictures dir)/Screenshots' : 'GNOME default', onlyScreenshotNames: false });
  return folders;
}
