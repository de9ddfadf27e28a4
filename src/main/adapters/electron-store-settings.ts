// The app's SettingsPort on electron-store, in the data dir's settings.json (the file the CLI
// reads too). The zod schema in src/shared is the one schema: every read fills its defaults and
// every write is validated against it; electron-store adds atomic writes and versioned migrations.
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ElectronStore from 'electron-store';
import type { SettingsPort } from '../../core/ports/settings-store';
import { migrateSavedDmTemplates } from '../../shared/dm-text';
import { DmDropError } from '../../shared/errors';
import { defaultHotkeys, HOTKEYS } from '../../shared/hotkeys';
import { SettingsSchema, type Settings } from '../../shared/settings-schema';

type Migrations = Record<string, (store: Pick<ElectronStore, 'get' | 'set' | 'has' | 'delete'>) => void>;

/** Each runs once, when a newer version first opens older settings. Keep them idempotent: the CLI may rewrite the file without the version marker. */
export const SETTINGS_MIGRATIONS: Migrations = {
  '0.1.0': (store) => {
    // The first default hotkeys (Ctrl+Shift+L/U) clash with IBus and editors: a file still
    // holding one gets this OS's new default for it; a hotkey the person chose is kept.
    const defaults = defaultHotkeys();
    for (const row of HOTKEYS) {
      if ('formerDefault' in row && store.get(`hotkeys.${row.id}`) === row.formerDefault) store.set(`hotkeys.${row.id}`, defaults[row.id]);
    }
  },
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
    const { __internal__: _internal, ...saved } = store.store as Record<string, unknown>;
    // Templates saved before captions became sentences (src/shared/dm-text.ts); idempotent, so on every read.
    const raw = migrateSavedDmTemplates(saved);
    for (const key of ['dmTemplate', 'albumDmTemplate']) if (raw[key] !== saved[key]) store.set(key, raw[key]);
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

/**
 * Opens the settings; a file that cannot be used does not stop the app. Unreadable JSON is set
 * aside whole; settings that fail the schema are reset one by one (the rest are kept). The
 * original is kept next to it, and `problem` says what happened, for the person.
 */
export function openSettingsResetting(Store: typeof ElectronStore, options: { dataDir: string; now?: () => Date }): { settings: SettingsPort; problem?: string } {
  try {
    return { settings: createElectronStoreSettings(Store, options) };
  } catch (error) {
    const file = join(options.dataDir, 'settings.json');
    const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const kept = join(options.dataDir, `settings.invalid-${stamp}.json`);
    let raw: Record<string, unknown> | undefined;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      raw = undefined;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      renameSync(file, kept);
      return { settings: createElectronStoreSettings(Store, options), problem: `Your settings file could not be read, so DM Drop started with its default settings. The old file was kept as ${kept}.` };
    }
    const { __internal__: internal, ...values } = raw;
    const parsed = SettingsSchema.safeParse(values);
    const reset = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))].filter(Boolean);
    if (reset.length === 0) throw error; // not the file's fault: let the start fail and say so
    copyFileSync(file, kept);
    for (const key of reset) delete values[key];
    writeFileSync(file, JSON.stringify({ ...values, ...(internal ? { __internal__: internal } : {}) }, null, 2), { mode: 0o600 });
    return {
      settings: createElectronStoreSettings(Store, options),
      problem: `Some settings were not valid (${reset.join(', ')}), so DM Drop reset them to their defaults; the rest are as you left them. The old file was kept as ${kept}.`,
    };
  }
}
