// Named instants in a job's life where tests kill the process (SIGKILL) to prove resume works.
// With DMDROP_CRASH_AT=<point> the process announces the point on stderr and then hangs, so the
// test can kill it exactly there instead of guessing with timers. Inert otherwise.
export const CRASH_POINTS = [
  'after-optimise',
  // A chunked upload cut off halfway (the session at the provider is abandoned).
  'mid-upload',
  // A journal change computed but never written.
  'mid-journal-write',
  // The file is stored at the provider but the journal does not know yet: resume must find it, not upload again.
  'before-upload-journal',
  'after-upload',
  'after-share',
  'after-verify',
  'after-album-folder',
  'after-album-share',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export async function crashPoint(point: CrashPoint, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.DMDROP_CRASH_AT !== point) return;
  process.stderr.write(`DMDROP_CRASH_POINT ${point}\n`);
  // Hang until killed. A promise that never settles does not keep Node running by itself: once
  // the work still in flight ends (other photos, a link request), the process would exit on its
  // own before the test's SIGKILL lands. A timer holds it.
  await new Promise<never>(() => setInterval(() => undefined, 2 ** 31 - 1));
}
