// Where screenshots land on each OS, with the OS's answers faked: macOS `defaults`, the Windows
// registry and OneDrive, and Linux's XDG, KDE Spectacle and Flameshot configuration files.
import { describe, expect, it } from 'vitest';
import { isMacScreenshotName, isTemporaryName } from '../../../src/core/watch/file-names';
import { findScreenshotFolders } from '../../../src/core/watch/screenshot-folders';
import { fakeOs } from '../../helpers/fake-os';

describe('screenshot folder discovery', () => {
  it('macOS: the screencapture location, else the Desktop (where only screenshot names count)', () => {
    expect(findScreenshotFolders(fakeOs('darwin', '/Users/ana'))).toEqual([{ path: '/Users/ana/Desktop', source: 'macOS default (Desktop)', onlyScreenshotNames: true }]);
    const custom = fakeOs('darwin', '/Users/ana', { commands: { 'defaults read com.apple.screencapture location': '~/Pictures/Shots/\n' } });
    expect(findScreenshotFolders(custom)).toEqual([{ path: '/Users/ana/Pictures/Shots', source: 'com.apple.screencapture location', onlyScreenshotNames: false }]);
  });

  it('Windows: the Screenshots known folder from the registry, OneDrive-redirected Pictures, then the default', () => {
    const reg = (name: string, value: string) =>
      `\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders\r\n    ${name}    REG_EXPAND_SZ    ${value}\r\n`;
    const os = fakeOs('win32', 'C:\\Users\\ana', {
      env: { USERPROFILE: 'C:\\Users\\ana', OneDrive: 'C:\\Users\\ana\\OneDrive' },
      commands: {
        'reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders /v {B7BEDE81-DF94-4682-A7D8-57A52620B86F}': reg('{B7BEDE81-DF94-4682-A7D8-57A52620B86F}', '%USERPROFILE%\\OneDrive\\Pictures\\Screenshots'),
        'reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders /v My Pictures': reg('My Pictures', '%USERPROFILE%\\OneDrive\\Pictures'),
      },
      dirs: ['C:\\Users\\ana\\OneDrive\\Pictures\\Screenshots'],
    });
    expect(findScreenshotFolders(os).map((f) => [f.path, f.source])).toEqual([
      ['C:\\Users\\ana\\OneDrive\\Pictures\\Screenshots', 'Screenshots known folder'],
      ['C:\\Users\\ana\\Pictures\\Screenshots', 'Windows default'],
    ]);
    const plain = fakeOs('win32', 'C:\\Users\\bo', { env: { USERPROFILE: 'C:\\Users\\bo' } });
    expect(findScreenshotFolders(plain).map((f) => f.path)).toEqual(['C:\\Users\\bo\\Pictures\\Screenshots']);
  });

  it('Linux: Flameshot and Spectacle settings first, then GNOME under the XDG pictures dir', () => {
    const os = fakeOs('linux', '/home/ana', {
      files: {
        '/home/ana/.config/flameshot/flameshot.ini': '[General]\nsavePath=/home/ana/Shots\nshowHelp=false\n',
        '/home/ana/.config/spectaclerc': '[ImageSave]\nimageSaveLocation=file:///home/ana/Bilder/Bildschirmfotos/\n',
        '/home/ana/.config/user-dirs.dirs': '# written by xdg-user-dirs-update\nXDG_PICTURES_DIR="$HOME/Bilder"\n',
      },
    });
    expect(findScreenshotFolders(os).map((f) => [f.path, f.source])).toEqual([
      ['/home/ana/Shots', 'Flameshot savePath'],
      ['/home/ana/Bilder/Bildschirmfotos', 'KDE Spectacle'],
      ['/home/ana/Bilder/Screenshots', 'GNOME (XDG pictures dir)/Screenshots'],
    ]);
    expect(findScreenshotFolders(fakeOs('linux', '/home/bo', { env: { XDG_CONFIG_HOME: '/cfg' } })).map((f) => f.path)).toEqual(['/home/bo/Pictures/Screenshots']);
    const older = fakeOs('linux', '/home/cy', { files: { '/home/cy/.config/spectaclerc': '[Save]\ndefaultSaveLocation=file:///home/cy/Pictures/\n' } });
    expect(findScreenshotFolders(older)[0]).toMatchObject({ path: '/home/cy/Pictures', source: 'KDE Spectacle' });
  });
});

describe('file names', () => {
  it('ignores temporary, partial and hidden names', () => {
    for (const name of ['.DS_Store', '.Screenshot 2026-11-25 at 10.00.00.png', 'photo.jpg.part', 'photo.crdownload', '~$report.docx', 'x.tmp', 'a.download', 'Thumbs.db']) {
      expect(isTemporaryName(`/d/${name}`), name).toBe(true);
    }
    for (const name of ['photo.jpg', 'Screenshot 2026-11-25 at 10.00.00.png', 'IMG_0001.HEIC', 'part.png']) {
      expect(isTemporaryName(`/d/${name}`), name).toBe(false);
    }
  });

  it("recognises macOS screenshot names in the system's languages, and nothing else on the Desktop", () => {
    for (const name of ['Screenshot 2026-11-25 at 10.00.00.png', 'Screen Shot 2018-01-01 at 9.00.00 AM.png', 'Bildschirmfoto 2026-11-25 um 10.00.00.png', 'Capture d’écran 2026-11-25 à 10.00.00.png', 'スクリーンショット 2026-11-25 10.00.00.png']) {
      expect(isMacScreenshotName(`/Users/a/Desktop/${name}`), name).toBe(true);
    }
    for (const name of ['tax return.png', 'Screenshot notes.txt', 'Screen Recording 2026-11-25 at 10.00.00.mov']) {
      expect(isMacScreenshotName(`/Users/a/Desktop/${name}`), name).toBe(false);
    }
  });
});
