// The app's SettingsPort on electron-store, in the data dir's settings.json (the file the CLI
// reads too). The zod schema in src/shared is the one schema: every read fills its defaults and
// every write is validated against it; electron-store adds atomic writes and versioned migrations.
import type ElectronStore from 'electron-store';
import type { SettingsPort } from '../../core/ports/settings-store';
import { DmDropError } from '../../shared/errors';
import { SettingsSchema, type Settings } from '../../shared/settings-schema';

type Migrations = Record<string, (store: Pick<ElectronStore, 'get' | 'set' | 'has' | 'delete'>) => void>;

/** Each runs once, when a newer version first opens older settings. Keep them idempotent: the CLI may rewrite the file without the version marker. */
export const SETTINGS_MIGRATIONS: Migrations = {
  '0.2.0': (store) => {
    // Early builds had a top-level `autoUpload` switch; it became watch.autoUploadScreenshots.
    if (store.has('autoUpload')) {
      store.set('watch.autoUploadScreenshots', Boolean(store.get('autoUpload')));
      store.delete('autoUpload');
    }
  },
};

/** Migrations run against the app's version (electron-store reads it from `app.getVersion()`). */
export function createElectronStoreSettings(Store: typeof ElectronStore, options: { dataDir: string }): SettingsPort {
  const store = new Store<Record<string, unknown>>({
    cwd: options.dataDir,
    name: 'settings',
    migrations: SETTINGS_MIGRATIONS as never,
    clearInvalidConfig: false,
  });
  const read = (): Settings => {
    const { __internal__: _internal, ...raw } = store.store as Record<string, unknown>;
    const parsed = SettingsSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new DmDropError('CONFIG_INVALID', `Setting "${first?.path.join('.')}" in ${store.path} is invalid: ${first?.message}.`);
    }
    return parsed.data;
  };
  let current = read();
  return {
    get: () => current,
    async update(patch) {
      const next = SettingsSchema.parse({ ...current, ...patch });
      store.set(next as Record<string, unknown>);
      current = next;
      return current;
    },
  };
}
