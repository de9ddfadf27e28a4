// The only module that touches window.api (the preload's bridge); the rest of the UI imports this.
import type { WindowApi } from '../shared/ipc-channels';

declare global {
  interface Window {
    api: WindowApi;
  }
}

export const api: WindowApi = window.api;
