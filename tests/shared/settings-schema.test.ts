// The settings schema is where every default is written, once: parsing `{}` or a partial nested
// group fills in each field's own default, and a patch from the page changes only what it names.
import { describe, expect, it } from 'vitest';
import { SettingsPatch } from '../../src/shared/ipc-contract';
import { defaultHotkeys } from '../../src/shared/hotkeys';
import { defaultSettings, SettingsSchema } from '../../src/shared/settings-schema';

describe('settings defaults', () => {
  it('fills every nested group from its fields’ own defaults', () => {
    expect(defaultSettings()).toMatchObject({
      hotkeys: defaultHotkeys(process.platform),
      dropbox: { folder: '/DM Drop', redirectPort: 53682 },
      drive: { folder: 'DM Drop', trashOnRevoke: false },
      watch: { autoUploadScreenshots: false, screenshotFolders: [], cancelWindowSec: 3, askBeforeUpload: false, albumPerDay: false },
    });
  });

  it('fills the fields a partial group leaves out, and keeps the ones it names', () => {
    const parsed = SettingsSchema.parse({ dropbox: { appKey: 'key' }, watch: { albumPerDay: true }, drive: { trashOnRevoke: true } });
    expect(parsed.dropbox).toEqual({ appKey: 'key', folder: '/DM Drop', redirectPort: 53682 });
    expect(parsed.watch).toMatchObject({ albumPerDay: true, cancelWindowSec: 3, screenshotFolders: [] });
    expect(parsed.drive).toEqual({ folder: 'DM Drop', trashOnRevoke: true });
  });
});

describe('settings patch', () => {
  it('holds only the fields it names: no default may reset a setting the page did not touch', () => {
    expect(SettingsPatch.parse({ maxEdge: 1600 })).toEqual({ maxEdge: 1600 });
    expect(SettingsPatch.parse({ watch: { albumPerDay: true } })).toEqual({ watch: expect.objectContaining({ albumPerDay: true }) });
  });
});
