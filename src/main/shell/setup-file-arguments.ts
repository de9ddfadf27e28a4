// Files named on a command line are shared: the first launch's, and a second launch's (forwarded
// here by the single-instance lock); a second launch without files brings the window up.
import { statSync } from 'node:fs';
import { filesFromArgv } from './argv-files';

export interface FileArgumentsDeps {
  share(paths: string[]): void;
  openWindow(): void;
  isFile?: (path: string) => boolean;
}

export interface FileArguments {
  /** Shares the files in `argv`; returns them. */
  openFiles(argv: string[], cwd: string): string[];
  secondLaunch(argv: string[], cwd: string): void;
}

export function setupFileArguments(deps: FileArgumentsDeps): FileArguments {
  const openFiles = (argv: string[], cwd: string) => {
    const files = filesFromArgv(argv, cwd, deps.isFile ?? isFile);
    deps.share(files);
    return files;
  };
  return {
    openFiles,
    secondLaunch(argv, cwd) {
      if (openFiles(argv, cwd).length === 0) deps.openWindow();
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
