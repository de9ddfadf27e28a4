// Exactly once at any instant: rounds of real `dmdrop share` batches (plus albums, a faulty network
// and `dmdrop watch` runs) on Dropbox and Drive emulators running in their own process, each killed
// with SIGKILL (its whole process group) at a uniformly random instant between its start and the
// time such a run takes to finish, then `dmdrop resume`. After every round: each accepted photo is
// stored exactly once and live in the history, every new stored file belongs to a live entry, and
// nothing is left half-done. Each round prints its seed; KILL_SOAK_SEED=<seed> replays that round.
//
//   npm test                   a short form: 6 rounds, three kinds on both providers
//   npm run test:kill-soak     the full form (KILL_SOAK_ROUNDS, default 120; KILL_SOAK_HOG=1 keeps both cores busy)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/core/queue/journal';
import { LOCK_FILE } from '../../src/core/queue/data-dir-lock';
import { stagingDir } from '../../src/core/engine/job-runner';
import { startEmulatorProcess, type EmulatorProcess, type StoredFile } from '../helpers/emulator-process';
import { DMDROP_BIN, jsonLines, runCli } from '../helpers/run-cli';
import { seededRandom } from '../../emulators/faults';
import { recordFigures } from './figures';

const env = process.env;
const FULL = env.KILL_SOAK_FULL === '1';
const REPLAY = env.KILL_SOAK_SEED === undefined ? undefined : Number(env.KILL_SOAK_SEED);
const ROUNDS = REPLAY !== undefined ? 1 : Number(env.KILL_SOAK_ROUNDS ?? (FULL ? 120 : 6));
const BASE = REPLAY ?? Number(env.KILL_SOAK_BASE ?? randomInt(1, 1_000_000));
const HOG = env.KILL_SOAK_HOG === '1';

type Provider = 'dropbox' | 'drive';
type Kind = 'batch' | 'album' | 'faults' | 'watch';
type PhotoKind = 'jpeg' | 'large-jpeg' | 'png' | 'rotated' | 'not-an-image';

interface RoundPlan {
  seed: number;
  provider: Provider;
  kind: Kind;
  photos: PhotoKind[];
  /** Upload in small chunks (a Dropbox upload session, a Drive resumable upload). */
  chunked: boolean;
  /** Where in the run's expected duration the kill lands (a little past 1: some runs finish first). */
  killFraction: number;
}

/** Everything about a round follows from its seed, so a failing round can be run again alone. */
export function planRound(seed: number): RoundPlan {
  const random = seededRandom(seed);
  const provider: Provider = seed % 2 === 0 ? 'dropbox' : 'drive';
  const kind = (['batch', 'album', 'faults', 'watch'] as const)[Math.floor(seed / 2) % 4]!;
  const count = 2 + Math.floor(random() * 4);
  const kinds: PhotoKind[] = ['jpeg', 'jpeg', 'large-jpeg', 'png', 'rotated'];
  const photos = Array.from({ length: count }, () => kinds[Math.floor(random() * kinds.length)]!);
  if (kind === 'batch' && random() < 0.4) photos.splice(Math.floor(random() * photos.length), 0, 'not-an-image');
  return { seed, provider, kind, photos, chunked: random() < 0.5, killFraction: random() * 1.05 };
}

async function makePhoto(kind: PhotoKind, seed: number, i: number): Promise<Buffer> {
  const shade = (seed * 7 + i * 31) % 200;
  const image = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: shade, g: 90, b: 200 - shade }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
  switch (kind) {
    case 'jpeg':
      return image(480 + i, 360).jpeg().toBuffer();
    case 'large-jpeg':
      return image(2200 + i, 1500).jpeg({ quality: 85 }).toBuffer(); // resized to the 2048 px default
    case 'png':
      return image(700 + i, 420).png({ compressionLevel: 1 }).toBuffer();
    case 'rotated':
      return image(400 + i, 600).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    case 'not-an-image':
      return Buffer.from(`not a photo ${seed}-${i}\n`.repeat(40));
  }
}

const extensionOf = (kind: PhotoKind) => (kind === 'png' ? 'png' : 'jpg');

/**
 * How long a run of each kind takes to finish on this machine now, from the latest runs that did.
 * A kind not timed yet borrows the longest time seen; the very first round runs to the
 * end (and is checked like any other).
 */
class Durations {
  private readonly seen = new Map<string, number[]>();
  expected(key: string): number | undefined {
    const runs = this.seen.get(key) ?? [];
    if (runs.length) return Math.max(...runs.slice(-3));
    const all = [...this.seen.values()].flat();
    return all.length ? Math.max(...all) : undefined;
  }
  record(key: string, ms: number) {
    this.seen.set(key, [...(this.seen.get(key) ?? []), ms].slice(-10));
  }
}

/** A child in its own process group, so the kill takes everything it started, as a crash would. */
function spawnDmdrop(args: string[], roundEnv: NodeJS.ProcessEnv, stdin: boolean): ChildProcess {
  return spawn(process.execPath, [DMDROP_BIN, ...args], {
    env: { ...process.env, ...roundEnv, FORCE_COLOR: '0' },
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Follows a child's JSON lines; `until(test)` resolves true once a line passes, false if the child ends first. */
function followLines(child: ChildProcess) {
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  let buffer = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      ended = true;
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  const until = (test: (seen: Record<string, unknown>[]) => boolean) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (test(lines)) return done(true);
        if (ended) return done(false);
      };
      const done = (value: boolean) => {
        waiters.delete(check);
        resolve(value);
      };
      waiters.add(check);
      check();
    });
  return { lines, closed, until, stderr: () => stderr };
}

interface RoundResult {
  plan: RoundPlan;
  killedAtMs?: number;
  doneMs?: number;
  expectedMs?: number;
  accepted: number;
  live: number;
  refused: number;
  duplicates: number;
  lost: number;
  strays: number;
  extraResumes: number;
  problems: string[];
}

async function runRound(plan: RoundPlan, emulator: EmulatorProcess, durations: Durations): Promise<RoundResult> {
  const root = await mkdtemp(join(tmpdir(), `dmdrop-soak-${plan.seed}-`));
  const dataDir = join(root, 'data');
  const photosDir = join(root, 'photos');
  await mkdir(photosDir);
  const files = await Promise.all(
    plan.photos.map(async (kind, i) => {
      const path = join(photosDir, `r${plan.seed}-${i}-${kind}.${extensionOf(kind)}`);
      await writeFile(path, await makePhoto(kind, plan.seed, i));
      return { path, kind };
    }),
  );
  const roundEnv: NodeJS.ProcessEnv = {
    ...emulator.env,
    DMDROP_HOME: dataDir,
    ...(plan.chunked
      ? { DMDROP_DROPBOX_CHUNK_THRESHOLD: '65536', DMDROP_DROPBOX_CHUNK_SIZE: '65536', DMDROP_DRIVE_RESUMABLE_THRESHOLD: '262144', DMDROP_DRIVE_CHUNK_SIZE: '262144' }
      : {}),
  };
  const before = new Set((await emulator.files()).map(fileKey));

  const key = `${plan.provider}/${plan.kind}`;
  const expectedMs = durations.expected(key);
  const killAtMs = expectedMs === undefined ? 2 ** 31 - 1 : Math.round(plan.killFraction * expectedMs);
  const started = performance.now();
  let killedAtMs: number | undefined;
  let doneMs: number | undefined;
  const problems: string[] = [];

  if (plan.kind === 'watch') {
    const drop = join(root, 'drop');
    const child = spawnDmdrop(['watch', '--drop', drop, '--cancel-window', '0', '--provider', plan.provider, '--json'], roundEnv, true);
    const out = followLines(child);
    const timer = setTimeout(() => {
      killedAtMs = performance.now() - started;
      killGroup(child, 'SIGKILL');
    }, killAtMs);
    if (await out.until((lines) => lines.some((l) => l.event === 'ready'))) {
      // Arrive the way a finished download does: renamed into the folder, complete.
      for (const { path } of files) await rename(path, join(drop, path.slice(photosDir.length + 1))).catch(() => undefined);
      const names = files.map(({ path }) => path.slice(photosDir.length + 1));
      const settled = (lines: Record<string, unknown>[]) =>
        names.every((name) => lines.some((l) => (l.event === 'shared' || l.event === 'error') && String(l.file).endsWith(name)));
      if (await out.until(settled)) {
        doneMs = performance.now() - started;
        clearTimeout(timer);
        if (killedAtMs === undefined) killGroup(child, 'SIGTERM');
      }
    }
    await out.closed;
    clearTimeout(timer);
  } else {
    const args = ['share', '--json', '--provider', plan.provider, ...(plan.kind === 'album' ? ['--album', `Soak ${plan.seed}`] : []), ...files.map((f) => f.path)];
    const child = spawnDmdrop(args, roundEnv, false);
    const out = followLines(child);
    const timer = setTimeout(() => {
      killedAtMs = performance.now() - started;
      killGroup(child, 'SIGKILL');
    }, killAtMs);
    const { signal } = await out.closed;
    clearTimeout(timer);
    if (signal !== 'SIGKILL') doneMs = performance.now() - started;
  }
  if (doneMs !== undefined) durations.record(key, doneMs);

  // Resume as a user would, once; a photo whose retries ran out on a faulty network asks for another.
  let resumed = await runCli(['resume', '--json'], roundEnv);
  let extraResumes = 0;
  const waitingForRetry = (lines: Record<string, unknown>[]) => lines.some((l) => l.ok === false && l.resumable === true);
  while (plan.kind === 'faults' && resumed.code !== 0 && waitingForRetry(jsonLines(resumed.stdout)) && extraResumes < 5) {
    extraResumes++;
    resumed = await runCli(['resume', '--json'], roundEnv);
  }
  // A non-image the kill left queued is refused by resume (exit 1): that is its right answer.
  const refusedOnly = resumed.code === 1 && jsonLines(resumed.stdout).every((l) => l.ok !== false || files.some((f) => f.kind === 'not-an-image' && f.path === l.file));
  if (resumed.code !== 0 && !refusedOnly) problems.push(`resume exited ${resumed.code}: ${resumed.stderr.trim() || resumed.stdout.trim()}`);

  // What the journal says, what the emulator stores.
  const journal = existsSync(dataDir) ? await Journal.open(dataDir, Date.now, { readOnly: true }) : undefined;
  const jobs = journal?.all() ?? [];
  const albums = journal?.albums() ?? [];
  const added = (await emulator.files()).filter((f) => !before.has(fileKey(f)) && f.provider === plan.provider);
  const refusedPaths = new Set(files.filter((f) => f.kind === 'not-an-image').map((f) => f.path));
  let live = 0;
  let refused = 0;
  let duplicates = 0;
  let lost = 0;
  for (const job of jobs) {
    const name = job.file.slice(job.file.lastIndexOf('/') + 1);
    if (refusedPaths.has(job.path)) {
      refused++;
      if (job.status !== 'failed' || job.error?.code !== 'NOT_AN_IMAGE') problems.push(`${name} (not an image) ended ${job.status} ${job.error?.code ?? ''}`);
      continue;
    }
    if (job.status !== 'live' || job.step !== 'verified') {
      lost++;
      problems.push(`${name} ended ${job.status} at ${job.step} ${job.error ? `${job.error.code}: ${job.error.message}` : ''}`);
    } else live++;
    const copies = job.output ? added.filter((f) => f.sha256 === job.output!.sha256).length : 0;
    if (copies > 1) {
      duplicates += copies - 1;
      problems.push(`${name} is stored ${copies} times: ${added.filter((f) => f.sha256 === job.output!.sha256).map((f) => f.path).join(', ')}`);
    }
    if (job.status === 'live' && copies === 0) problems.push(`${name} is live but not stored`);
  }
  const liveShas = new Set(jobs.filter((j) => j.status === 'live').map((j) => j.output?.sha256));
  const strays = added.filter((f) => !liveShas.has(f.sha256));
  for (const f of strays) problems.push(`stored file ${f.path} (${f.size} bytes) belongs to no live entry`);
  for (const album of albums) {
    const members = jobs.filter((j) => j.albumId === album.id && j.status === 'live').length;
    if (album.status !== 'live' || album.step !== 'verified') problems.push(`album ${album.name} ended ${album.status} at ${album.step} ${album.error?.code ?? ''}`);
    else if (album.count !== members) problems.push(`album ${album.name} says ${album.count} photos, ${members} are live in it`);
  }
  if (existsSync(join(dataDir, LOCK_FILE))) problems.push('the data dir is still locked after resume');
  const staged = existsSync(stagingDir(dataDir)) ? await readdir(stagingDir(dataDir)) : [];
  if (staged.length) problems.push(`staged copies left behind: ${staged.join(', ')}`);
  // Only a round that went wrong keeps its folder, for a look at its journal.
  if (problems.length === 0) await rm(root, { recursive: true, force: true });
  else problems.push(`(its data dir is kept: ${dataDir})`);
  return { plan, killedAtMs, doneMs, expectedMs, accepted: jobs.length, live, refused, duplicates, lost, strays: strays.length, extraResumes, problems };
}

const fileKey = (f: StoredFile) => `${f.provider}:${f.path}:${f.sha256}`;

function describeRound(i: number, r: RoundResult): string {
  const when = r.killedAtMs !== undefined ? `killed at ${Math.round(r.killedAtMs)} ms` : `finished in ${Math.round(r.doneMs ?? 0)} ms`;
  const verdict = r.problems.length ? `FAILED: ${r.problems.join('; ')}` : 'ok';
  return `round ${i + 1}/${ROUNDS} seed ${r.plan.seed} ${r.plan.provider} ${r.plan.kind}${r.plan.chunked ? ' chunked' : ''} [${r.plan.photos.join(' ')}] ${when}${r.expectedMs === undefined ? ' (timing its kind)' : ` (of ~${r.expectedMs} ms)`}: ${r.accepted} accepted, ${r.live} live, ${r.refused} refused, ${r.extraResumes} extra resumes → ${verdict}`;
}

async function summarise(results: RoundResult[]): Promise<Record<string, number | string>> {
  const sum = (rs: RoundResult[], f: (r: RoundResult) => number) => rs.reduce((n, r) => n + f(r), 0);
  const figures: Record<string, number | string> = { seed: BASE, rounds: results.length, cpuHog: HOG ? 'both cores busy' : 'no' };
  for (const provider of ['dropbox', 'drive'] as const) {
    const rs = results.filter((r) => r.plan.provider === provider);
    Object.assign(figures, {
      [`${provider}Rounds`]: rs.length,
      [`${provider}Killed`]: rs.filter((r) => r.killedAtMs !== undefined).length,
      [`${provider}Accepted`]: sum(rs, (r) => r.accepted - r.refused),
      [`${provider}Live`]: sum(rs, (r) => r.live),
      [`${provider}Duplicates`]: sum(rs, (r) => r.duplicates),
      [`${provider}Lost`]: sum(rs, (r) => r.lost),
      [`${provider}Strays`]: sum(rs, (r) => r.strays),
    });
  }
  figures.albumRounds = results.filter((r) => r.plan.kind === 'album').length;
  figures.watchRounds = results.filter((r) => r.plan.kind === 'watch').length;
  figures.faultRounds = results.filter((r) => r.plan.kind === 'faults').length;
  figures.extraResumes = sum(results, (r) => r.extraResumes);
  figures.failedRounds = results.filter((r) => r.problems.length).length;
  if (REPLAY === undefined) await recordFigures(`kill-soak${FULL ? '-full' : ''}${HOG ? '-hog' : ''}${env.KILL_SOAK_TAG ? `-${env.KILL_SOAK_TAG}` : ''}`, figures);
  return figures;
}

const hogs: ChildProcess[] = [];
afterAll(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
});

describe('kill soak: SIGKILL at a random instant, then resume', () => {
  it(
    `${ROUNDS} rounds from seed ${BASE}${HOG ? ', both cores busy' : ''}: every accepted photo live and stored exactly once`,
    async () => {
      if (HOG) {
        // Busy loops of the test's own, one per core, so every step of dmdrop waits for a CPU.
        for (let i = 0; i < availableParallelism(); i++) hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
      }
      const clean = await startEmulatorProcess();
      let faulty: EmulatorProcess | undefined;
      const durations = new Durations();
      const results: RoundResult[] = [];
      console.log(`kill soak: ${ROUNDS} rounds from seed ${BASE}${HOG ? ', CPU hog on' : ''}; replay a round with KILL_SOAK_SEED=<seed>`);
      try {
        for (let i = 0; i < ROUNDS; i++) {
          const plan = planRound(BASE + i);
          // Faults in a process of their own: 30 % of API calls fail, as in `npm run emulator -- --faults 0.3`.
          if (plan.kind === 'faults') faulty ??= await startEmulatorProcess(['--faults', '0.3', '--seed', String(BASE)]);
          const result = await runRound(plan, plan.kind === 'faults' ? faulty! : clean, durations);
          results.push(result);
          console.log(describeRound(i, result));
          // After every round, so a long run stopped early still leaves its figures.
          await summarise(results);
        }
      } finally {
        await clean.close();
        await faulty?.close();
      }
      const figures = await summarise(results);
      console.log(`kill soak figures: ${JSON.stringify(figures)}`);
      expect(results.filter((r) => r.problems.length).map((r) => `seed ${r.plan.seed}: ${r.problems.join('; ')}`)).toEqual([]);
      expect(results.filter((r) => r.killedAtMs !== undefined).length).toBeGreaterThan(0);
    },
    ROUNDS * 60_000,
  );
});
