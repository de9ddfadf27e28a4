// Asking the window for a view from anywhere in the page (a row's "QR code" button): one DOM event
// that main.ts answers, in the same shape the shell sends when the tray opens the window on a view.
import type { ShowViewEvent } from '../shared/ipc-contract';

const EVENT = 'dmdrop:show-view';

export function requestView(request: ShowViewEvent): void {
  document.dispatchEvent(new CustomEvent<ShowViewEvent>(EVENT, { detail: request }));
}

export function onViewRequest(listener: (request: ShowViewEvent) => void): void {
  document.addEventListener(EVENT, (event) => listener((event as CustomEvent<ShowViewEvent>).detail));
}
