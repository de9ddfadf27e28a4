/** Where a finished DM text goes: Electron's clipboard in the app, nothing (or stdout) in the CLI. */
export interface ClipboardPort {
  writeText(text: string): void | Promise<void>;
}
