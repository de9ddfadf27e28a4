// What each watched folder held when we last looked, kept on disk: files present when watching
// first began are never uploaded, and after a restart (even a crash) the files that arrived while
// nothing was watching are exactly the ones not in `seen`. Written atomically, one write at a time.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../storage/atomic-json-file';

const FileMark = z.object({ size: z.number(), mtimeMs: z.number() });
export type FileMark = z.infer<typeof FileMark>;

const StateSchema = z.object({
  version: z.literal(1),
  folders: z.record(z.string(), z.object({ since: z.string(), seen: z.record(z.string(), FileMark) })),
});
type State = z.infer<typeof StateSchema>;

export const WATCH_STATE_FILE = 'watch-state.json';

export class WatchState {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private state: State,
  ) {}

  static async open(dataDir: string): Promise<WatchState> {
    const path = join(dataDir, WATCH_STATE_FILE);
    const parsed = StateSchema.safeParse(await readJsonFile(path));
    return new WatchState(path, parsed.success ? parsed.data : { version: 1, folders: {} });
  }

  knows(folder: string): boolean {
    return folder in this.state.folders;
  }

  /** The first time a folder is watched: everything in it now is the user's past, not to be shared. */
  begin(folder: string, present: Record<string, FileMark>, now: Date): Promise<void> {
    return this.change((s) => ({ ...s, folders: { ...s.folders, [folder]: { since: now.toISOString(), seen: present } } }));
  }

  /** A file is new if we never finished with it, or it changed since. */
  isNew(folder: string, name: string, mark: FileMark): boolean {
    const seen = this.state.folders[folder]?.seen[name];
    return !seen || seen.size !== mark.size || seen.mtimeMs !== mark.mtimeMs;
  }

  markSeen(folder: string, name: string, mark: FileMark): Promise<void> {
    return this.change((s) => {
      const entry = s.folders[folder] ?? { since: new Date().toISOString(), seen: {} };
      return { ...s, folders: { ...s.folders, [folder]: { ...entry, seen: { ...entry.seen, [name]: mark } } } };
    });
  }

  /** Forgets files that are gone, so the record does not grow forever. */
  prune(folder: string, present: Set<string>): Promise<void> {
    const entry = this.state.folders[folder];
    if (!entry || Object.keys(entry.seen).every((name) => present.has(name))) return Promise.resolve();
    const seen = Object.fromEntries(Object.entries(entry.seen).filter(([name]) => present.has(name)));
    return this.change((s) => ({ ...s, folders: { ...s.folders, [folder]: { ...entry, seen } } }));
  }

  private change(update: (state: State) => State): Promise<void> {
    const run = this.chain.then(async () => {
      const next = update(this.state);
      await writeJsonFile(this.path, next);
      this.state = next;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
