// The one fake of OsInputs: what the OS would answer (files, commands, existing folders), so
// screenshot discovery and the watched folders are tested for every OS on any machine.
import type { OsInputs } from '../../src/core/watch/screenshot-folders';

export function fakeOs(platform: NodeJS.Platform, home: string, parts: { files?: Record<string, string>; commands?: Record<string, string>; env?: NodeJS.ProcessEnv; dirs?: string[] } = {}): OsInputs {
  return {
    platform,
    home,
    env: parts.env ?? {},
    readFile: (path) => parts.files?.[path],
    run: (command, args) => parts.commands?.[[command, ...args].join(' ')],
    exists: (path) => (parts.dirs ?? []).includes(path),
  };
}
