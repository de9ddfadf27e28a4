// Which folders auto-upload watches, from the settings and this computer: the one rule the app and
// `dmdrop watch` share. The drop folder (`~/DM Drop` unless set) is created on first use. Screenshot
// folders (the ones set, else the ones this OS and its tools use) are watched where they exist;
// when none exists yet, the first is created, so the place screenshots will go is watched.
import { join } from 'node:path';
import type { ProviderId, Settings } from '../../shared/settings-schema';
import type { WatchedFolder } from './auto-share';
import { findScreenshotFolders, type OsInputs } from './screenshot-folders';

export interface WatchChoices {
  /** Drop folders instead of the setting's one (`[]`: none). */
  drops?: string[];
  /** Screenshots: off, on (the set or found folders), or this one folder. Default: the setting. */
  screenshots?: boolean | string;
  albumPerDay?: boolean;
  provider?: ProviderId;
}

export function watchedFoldersFrom(watch: Settings['watch'], os: OsInputs, choices: WatchChoices = {}): WatchedFolder[] {
  const rules = { albumPerDay: choices.albumPerDay ?? watch.albumPerDay, provider: choices.provider ?? watch.provider };
  const drops = choices.drops ?? [watch.dropFolder || join(os.home, 'DM Drop')];
  const folders: WatchedFolder[] = drops.map((path) => ({ path, kind: 'drop', create: true, ...rules }));
  const screenshots = choices.screenshots ?? watch.autoUploadScreenshots;
  if (typeof screenshots === 'string') folders.push({ path: screenshots, kind: 'screenshots', ...rules });
  else if (screenshots) {
    const candidates = watch.screenshotFolders.length ? watch.screenshotFolders.map((path) => ({ path, onlyScreenshotNames: false })) : findScreenshotFolders(os);
    const existing = candidates.filter((f) => os.exists(f.path));
    const create = existing.length === 0;
    for (const f of create ? candidates.slice(0, 1) : existing) {
      folders.push({ path: f.path, kind: 'screenshots', onlyScreenshotNames: f.onlyScreenshotNames, ...(create ? { create } : {}), ...rules });
    }
  }
  return folders;
}
