// "Open with DM Drop" and files passed to a second launch: the photo paths in a command line,
// without Electron's own switches, the app path, or anything that is not an existing file.
import { isAbsolute, resolve } from 'node:path';

export function filesFromArgv(argv: string[], cwd: string, isFile: (path: string) => boolean, skip = 1): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(skip)) {
    if (arg.startsWith('-') || arg === '.') continue;
    const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
    if (/\.(asar|js|cjs|mjs)$/i.test(path)) continue; // the app itself in development
    if (isFile(path) && !out.includes(path)) out.push(path);
  }
  return out;
}
