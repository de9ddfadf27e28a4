// "Open with DM Drop" and files passed to a second launch: the photo paths in a command line,
// without Electron's own switches, the app path, or anything that is not an existing file. File
// managers launching the .desktop entry's `Exec=… %U` may pass file:// URLs instead of paths.
import { isAbsolute, resolve } from 'node:path';
import { filePathsFromUriList } from '../adapters/electron-clipboard';

export function filesFromArgv(argv: string[], cwd: string, isFile: (path: string) => boolean, skip = 1): string[] {
  const out: string[] = [];
  for (const given of argv.slice(skip)) {
    if (given.startsWith('-') || given === '.') continue;
    const arg = /^file:/i.test(given) ? filePathsFromUriList(given, process.platform)[0] : given;
    if (!arg) continue; // a file on another machine
    const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
    if (/\.(asar|js|cjs|mjs)$/i.test(path)) continue; // the app itself in development
    if (isFile(path) && !out.includes(path)) out.push(path);
  }
  return out;
}
