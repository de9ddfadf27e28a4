import type { Settings } from '../../shared/settings-schema';

/** Settings as the engine sees them: electron-store in the app, settings.json for the CLI. */
export interface SettingsPort {
  get(): Settings;
  update(patch: Partial<Settings>): Promise<Settings>;
}
