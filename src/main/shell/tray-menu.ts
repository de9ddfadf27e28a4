// The tray menu as data: built from the shell's state and a set of actions, so its contents and
// what each item does are unit-tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { ProviderStatus } from '../../core/providers/provider-catalog';
import { HOTKEYS, type HotkeyBindings, type HotkeyId } from '../../shared/hotkeys';
import type { ProviderId } from '../../shared/settings-schema';
import type { HotkeyAction } from './hotkeys';

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
  /** The accelerators in use (a hotkey turned off has none). */
  hotkeys: Partial<HotkeyBindings>;
}

export interface TrayActions {
  sharePhotos(): void;
  copyLink(link: RecentLink): void;
  /** Opens the window on the link's QR code, for sharing from the phone. */
  showQrCode(link: RecentLink): void;
  togglePause(): void;
  setDefaultProvider(id: ProviderId): void;
  openWindow(view?: 'drop' | 'history' | 'settings' | 'accounts'): void;
  quit(): void;
  /** Each hotkey's action: its item (from the table in shared/hotkeys.ts) does what its keys do. */
  hotkeys: Record<HotkeyId, HotkeyAction>;
}

export function buildTrayMenu(state: TrayMenuState, actions: TrayActions): MenuItemConstructorOptions[] {
  const status = state.uploading > 0 ? `Uploading ${state.uploading} photo${state.uploading === 1 ? '' : 's'}…` : state.needsAttention ? 'Something needs your attention' : 'Ready';
  return [
    { label: status, enabled: state.needsAttention, click: () => actions.openWindow('history') },
    ...(state.lastMessage ? [{ label: clip(state.lastMessage, 80), click: () => actions.openWindow('history') }] : []),
    { type: 'separator' },
    { label: 'Share Photos…', click: () => actions.sharePhotos() },
    ...hotkeyItems('links', state, actions),
    { label: 'Show Last Link as QR Code', enabled: Boolean(state.lastLink), click: () => state.lastLink && actions.showQrCode(state.lastLink) },
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
    ...hotkeyItems('window', state, actions),
    { label: 'Settings…', click: () => actions.openWindow('settings') },
    { type: 'separator' },
    { label: 'Quit DM Drop', role: 'quit', click: () => actions.quit() },
  ];
}

function hotkeyItems(group: 'links' | 'window', state: TrayMenuState, actions: TrayActions): MenuItemConstructorOptions[] {
  return HOTKEYS.filter((row) => row.tray.group === group).map((row) => {
    const action = actions.hotkeys[row.id];
    return { label: row.tray.label, enabled: action.available?.(state) ?? true, accelerator: state.hotkeys[row.id], click: () => action.run() };
  });
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
