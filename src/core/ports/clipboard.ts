// The desktop's clipboard as the engine and the shell see it: a finished DM text goes onto it, and
// "Share Clipboard" reads what is on it (an image, or files copied in a file manager). Electron's
// clipboard in the app; the CLI has none (it prints, and reads images from standard input).

/** What the clipboard holds, as something to share. */
export type ClipboardContent =
  | { kind: 'image'; data: Uint8Array; type: string }
  /** Files copied in Finder, Explorer or a Linux file manager (file URLs on the clipboard). */
  | { kind: 'files'; paths: string[] }
  /** Text, nothing, or anything else that is not a photo. */
  | { kind: 'none' };

export interface ClipboardPort {
  writeText(text: string): void | Promise<void>;
  read(): Promise<ClipboardContent>;
}
