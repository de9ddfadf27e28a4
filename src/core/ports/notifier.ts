/** Desktop notifications: Electron's Notification in the app; the CLI prints instead. */
export interface DesktopNotice {
  title: string;
  body: string;
  /** Opaque reference the shell can use on click (e.g. a job id to open in history). */
  ref?: string;
}

export interface NotifierPort {
  notify(notice: DesktopNotice): void;
}
