// The CLI's SettingsPort over settings.json in the data dir (the app's electron-store uses the
// same file name and schema, so both see one set of settings).
import { join } from 'node:path';
import { migrateSavedDmTemplates } from '../../shared/dm-text';
import { DmDropError } from '../../shared/errors';
import { SettingsSchema, type Settings } from '../../shared/settings-schema';
import type { SettingsPort } from '../ports/settings-store';
import { readJsonFile, writeJsonFile } from '../storage/atomic-json-file';

export const SETTINGS_FILE = 'settings.json';

export async function loadFileSettings(dataDir: string): Promise<SettingsPort> {
  const path = join(dataDir, SETTINGS_FILE);
  const raw = ((await readJsonFile(path)) ?? {}) as Record<string, unknown>;
  const migrated = migrateSavedDmTemplates(raw);
  const parsed = SettingsSchema.safeParse(migrated);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DmDropError(
      'CONFIG_INVALID',
      `Setting "${first?.path.join('.')}" in ${path} is invalid: ${first?.message}.`,
    );
  }
  let current: Settings = parsed.data;
  // A template written for the old caption rule is rewritten once, so the file says what is used.
  if (migrated !== raw) await writeJsonFile(path, { ...raw, ...migrated }, 0o600);
  return {
    get: () => current,
    async update(patch) {
      current = SettingsSchema.parse({ ...current, ...patch });
      await writeJsonFile(path, current, 0o600);
      return current;
    },
  };
}
