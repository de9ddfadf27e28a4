// Where DM Drop keeps its journal, staged images, settings and (for the CLI) its token file.
// The CLI and the app resolve the same folder, so either one can resume the other's jobs.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'DM Drop';

export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.DMDROP_HOME) return env.DMDROP_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
}
