// The tray: its icon, tooltip and menu, rebuilt from the shell's state whenever something changes.
// It keeps the status it shows itself: photos uploading, something needing the person, and the
// latest thing no notification could say; opening the window clears the last two.
import { join } from 'node:path';
import type { ShellElectron } from './app-shell';
import { buildTrayMenu, trayIconName, trayTooltip, type TrayActions, type TrayMenuState } from './tray-menu';

type TrayStatus = Pick<TrayMenuState, 'uploading' | 'needsAttention' | 'lastMessage'>;

export interface TrayDeps {
  electron: Pick<ShellElectron, 'Tray' | 'Menu' | 'nativeTheme'>;
  resourcesDir: string;
  platform: NodeJS.Platform;
  /** Everything the menu shows besides the tray's own status. */
  state(): Promise<Omit<TrayMenuState, keyof TrayStatus>>;
  actions: TrayActions;
  openWindow(): void;
  /** Files dropped on the icon (macOS). */
  share(paths: string[]): void;
}

export interface TrayHandle {
  /** The state the menu was last built from. */
  state(): TrayMenuState;
  refresh(): Promise<void>;
  /** A job started or ended (the icon shows uploads). */
  uploading(jobId: string, busy: boolean): void;
  needsAttention(): void;
  /** Says what no notification could, until the window is opened. */
  say(message: string): void;
  /** The window is open: it says it all now, so the tray stops saying it. */
  seen(): void;
}

export async function setupTray(deps: TrayDeps): Promise<TrayHandle> {
  const { electron, resourcesDir, platform } = deps;
  const jobs = new Set<string>();
  const status = { needsAttention: false, lastMessage: undefined as string | undefined };
  const build = async (): Promise<TrayMenuState> => ({ ...(await deps.state()), uploading: jobs.size, ...status });
  const icon = (state: TrayMenuState) => join(resourcesDir, trayIconName(state, platform, electron.nativeTheme.shouldUseDarkColors));

  let last = await build();
  const tray = new electron.Tray(icon(last));
  const refresh = async () => {
    last = await build();
    tray.setImage(icon(last));
    tray.setToolTip(trayTooltip(last));
    tray.setContextMenu(electron.Menu.buildFromTemplate(buildTrayMenu(last, deps.actions)));
  };
  // On macOS a click opens the tray menu (it holds "Open DM Drop"); opening the window as well
  // would put both up at once. Elsewhere a click (activation on Linux) opens the window.
  if (platform !== 'darwin') tray.on('click', () => deps.openWindow());
  // Dropping on the tray icon: Electron emits this on macOS only; the drop window works everywhere.
  tray.on('drop-files', (_event: unknown, files: string[]) => deps.share(files));
  electron.nativeTheme.on('updated', () => void refresh());

  return {
    state: () => last,
    refresh,
    uploading(jobId, busy) {
      if (busy) jobs.add(jobId);
      else jobs.delete(jobId);
    },
    needsAttention() {
      status.needsAttention = true;
      void refresh();
    },
    say(message) {
      status.lastMessage = message;
      void refresh();
    },
    seen() {
      status.needsAttention = false;
      status.lastMessage = undefined;
      void refresh();
    },
  };
}
