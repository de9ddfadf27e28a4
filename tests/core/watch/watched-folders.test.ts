// The watched folders the app and `dmdrop watch` both build from settings: the drop folder in the
// home OsInputs gives (created on first use), screenshots only when turned on, the existing ones of
// the set or found folders, and the first one created when none exists yet.
import { describe, expect, it } from 'vitest';
import { watchedFoldersFrom } from '../../../src/core/watch/watched-folders';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { fakeOs } from '../../helpers/fake-os';

const watch = (patch: Partial<ReturnType<typeof defaultSettings>['watch']> = {}) => ({ ...defaultSettings().watch, ...patch });
const flameshot = { '/home/ana/.config/flameshot/flameshot.ini': '[General]\nsavePath=/home/ana/Shots\n' };

describe('watched folders', () => {
  it('is the drop folder in the person’s home, created on first use, and no screenshots until turned on', () => {
    expect(watchedFoldersFrom(watch(), fakeOs('linux', '/home/ana'))).toEqual([{ path: '/home/ana/DM Drop', kind: 'drop', create: true, albumPerDay: false, provider: undefined }]);
    expect(watchedFoldersFrom(watch(), fakeOs('win32', 'C:\\Users\\ana'))[0]!.path).toMatch(/^C:\\Users\\ana[\\/]DM Drop$/);
    expect(watchedFoldersFrom(watch({ dropFolder: '/data/inbox', albumPerDay: true, provider: 'drive' }), fakeOs('linux', '/home/ana'))).toEqual([{ path: '/data/inbox', kind: 'drop', create: true, albumPerDay: true, provider: 'drive' }]);
  });

  it('watches the screenshot folders this OS uses that exist, and creates none while one exists', () => {
    const os = fakeOs('linux', '/home/ana', { files: flameshot, dirs: ['/home/ana/Pictures/Screenshots'] });
    expect(watchedFoldersFrom(watch({ autoUploadScreenshots: true }), os).slice(1)).toEqual([{ path: '/home/ana/Pictures/Screenshots', kind: 'screenshots', onlyScreenshotNames: false, albumPerDay: false, provider: undefined }]);
  });

  it('creates the first screenshot folder when none exists yet, so where screenshots will go is watched', () => {
    const os = fakeOs('linux', '/home/ana', { files: flameshot });
    expect(watchedFoldersFrom(watch({ autoUploadScreenshots: true }), os).slice(1)).toEqual([{ path: '/home/ana/Shots', kind: 'screenshots', onlyScreenshotNames: false, create: true, albumPerDay: false, provider: undefined }]);
  });

  it('prefers the folders set in settings over the OS’s, by the same rule', () => {
    const os = fakeOs('darwin', '/Users/ana', { dirs: ['/Volumes/Shots'] });
    const set = watch({ autoUploadScreenshots: true, screenshotFolders: ['/Volumes/Gone', '/Volumes/Shots'] });
    expect(watchedFoldersFrom(set, os).slice(1).map((f) => [f.path, f.create])).toEqual([['/Volumes/Shots', undefined]]);
    // On the macOS Desktop (found, not set) only screenshot names count.
    expect(watchedFoldersFrom(watch({ autoUploadScreenshots: true }), fakeOs('darwin', '/Users/ana', { dirs: ['/Users/ana/Desktop'] }))[1]).toMatchObject({ path: '/Users/ana/Desktop', onlyScreenshotNames: true });
  });

  it('takes the command line’s choices over the settings', () => {
    const os = fakeOs('linux', '/home/ana');
    expect(watchedFoldersFrom(watch({ autoUploadScreenshots: true }), os, { drops: ['/a', '/b'], screenshots: false, albumPerDay: true, provider: 'drive' })).toEqual([
      { path: '/a', kind: 'drop', create: true, albumPerDay: true, provider: 'drive' },
      { path: '/b', kind: 'drop', create: true, albumPerDay: true, provider: 'drive' },
    ]);
    expect(watchedFoldersFrom(watch(), os, { drops: [], screenshots: '/tmp/shots' })).toEqual([{ path: '/tmp/shots', kind: 'screenshots', albumPerDay: false, provider: undefined }]);
  });
});
