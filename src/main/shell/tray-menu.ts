// The tray menu as data: built from the shell's state and a set of actions, so its contents and
// what each item does are unit-tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { ProviderStatus } from '../../core/providers/provider-catalog';
import type { ProviderId } from '../../shared/settings-schema';

export interface RecentLink {
  id: string;
  label: string;
  dm: string;
}

export interface TrayMenuState {
  uploading: number;
  needsAttention: boolean;
  /** The latest thing said that no notification could show (unsupported, or refused by the OS). */
  lastMessage?: string;
  lastLink?: RecentLink;
  recent: RecentLink[];
  autoUploadPaused: boolean;
  providers: ProviderStatus[];
  hotkeys: { copyLast?: string; openWindow?: string };
}

export interface TrayActions {
  sharePhotos(): void;
  copyLink(link: RecentLink): void;
  togglePause(): void;
  setDefaultProvider(id: ProviderId): void;
  openWindow(view?: 'drop' | 'history' | 'settings' | 'accounts'): void;
  quit(): void;
}

export function buildTrayMenu(state: TrayMenuState, actions: TrayActions): MenuItemConstructorOptions[] {
  const status = state.uploading > 0 ? `Uploading ${state.uploading} photo${state.uploading === 1 ? '' : 's'}…` : state.needsAttention ? 'Something needs your attention' : 'Ready';
  return [
    { label: status, enabled: state.needsAttention, click: () => actions.openWindow('history') },
    ...(state.lastMessage ? [{ label: clip(state.lastMessage, 80), click: () => actions.openWindow('history') }] : []),
    { type: 'separator' },
    { label: 'Share Photos…', click: () => actions.sharePhotos() },
    {
      label: 'Copy Last Link',
      enabled: Boolean(state.lastLink),
      accelerator: state.hotkeys.copyLast,
      click: () => state.lastLink && actions.copyLink(state.lastLink),
    },
    {
      label: 'Recent Links',
      enabled: state.recent.length > 0,
      submenu: state.recent.slice(0, 5).map((link) => ({ label: link.label, click: () => actions.copyLink(link) })),
    },
    { type: 'separator' },
    { label: 'Pause Auto-Upload', type: 'checkbox', checked: state.autoUploadPaused, click: () => actions.togglePause() },
    {
      label: 'Default Provider',
      submenu: state.providers.map((p) => ({
        label: p.state === 'unsupported' ? `${p.name} (not possible: no sharing API)` : p.state === 'not-connected' ? `${p.name} (not connected)` : p.name,
        type: 'radio' as const,
        checked: p.default,
        enabled: p.state !== 'unsupported',
        click: () => actions.setDefaultProvider(p.id),
      })),
    },
    { type: 'separator' },
    { label: 'Open DM Drop', accelerator: state.hotkeys.openWindow, click: () => actions.openWindow('drop') },
    { label: 'Settings…', click: () => actions.openWindow('settings') },
    { type: 'separator' },
    { label: 'Quit DM Drop', role: 'quit', click: () => actions.quit() },
  ];
}

/** Which icon file shows the state: macOS template images, else a glyph that contrasts with the bar. */
export function trayIconName(state: Pick<TrayMenuState, 'uploading' | 'needsAttention'>, platform: NodeJS.Platform, darkBar: boolean): string {
  const kind = state.needsAttention ? 'attention' : state.uploading > 0 ? 'busy' : 'idle';
  if (platform === 'darwin') return `tray-${kind}Template.png`;
  return `tray-${kind}-${darkBar ? 'dark' : 'light'}.png`;
}

export function trayTooltip(state: Pick<TrayMenuState, 'uploading' | 'needsAttention' | 'lastMessage'>): string {
  if (state.uploading > 0) return `DM Drop: uploading ${state.uploading}`;
  if (state.lastMessage) return clip(`DM Drop: ${state.lastMessage}`, 120);
  return state.needsAttention ? 'DM Drop: needs attention' : 'DM Drop';
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
