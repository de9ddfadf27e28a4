// Exactly once at any instant: rounds of real `dmdrop share` batches (plus albums, a faulty network
// and `dmdrop watch` runs) on Dropbox and Drive emulators running in their own process, each killed
// with SIGKILL (its whole process group) at a random instant of its run (a fraction, drawn from the
// round's seed, of the time such a run takes here: see kill-soak-plan.ts), then `dmdrop resume`.
// After every round: each accepted photo is stored exactly once and live in the history, every new
// stored file belongs to a live entry, and nothing is left half-done.
//
//   npm test                   a short form: 6 rounds, three kinds on both providers, each provider
//                              killed at least once after photos were accepted
//   npm run test:kill-soak     the full form (KILL_SOAK_ROUNDS, default 120; KILL_SOAK_HOG=1 keeps both cores busy)
//   KILL_SOAK_SEED=<seed> npx vitest run tests/reliability/kill-soak.test.ts
//                              replays that round alone (after a calibration run of its plan);
//                              KILL_SOAK_KILL_AT_MS=<its printed killAtMs> kills at that very instant
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { JOURNAL_FILE, Journal } from '../../src/core/queue/journal';
import { LOCK_FILE } from '../../src/core/queue/data-dir-lock';
import { stagingDir } from '../../src/core/engine/staged-copies';
import { startEmulatorProcess, type EmulatorProcess, type StoredFile } from '../helpers/emulator-process';
import { DMDROP_BIN, jsonLines, runCli } from '../helpers/run-cli';
import { describePlan, killDelayMs, planRound, type PhotoKind, type RoundPlan, type Timing } from './kill-soak-plan';
import { recordFigures } from './figures';

const env = process.env;
const FULL = env.KILL_SOAK_FULL === '1';
const REPLAY = env.KILL_SOAK_SEED === undefined ? undefined : Number(env.KILL_SOAK_SEED);
const ROUNDS = REPLAY !== undefined ? 1 : Number(env.KILL_SOAK_ROUNDS ?? (FULL ? 120 : 6));
/** With KILL_SOAK_SEED: the exact kill instant (ms after the round's anchor, as printed) instead of a calibration run. */
const KILL_AT_MS = REPLAY !== undefined && env.KILL_SOAK_KILL_AT_MS !== undefined ? Number(env.KILL_SOAK_KILL_AT_MS) : undefined;
if (KILL_AT_MS !== undefined && !(KILL_AT_MS >= 0)) throw new Error(`KILL_SOAK_KILL_AT_MS must be a number of milliseconds, not "${env.KILL_SOAK_KILL_AT_MS}"`);
const BASE = REPLAY ?? Number(env.KILL_SOAK_BASE ?? randomInt(1, 1_000_000));
const HOG = env.KILL_SOAK_HOG === '1';

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

/** A round's photos, made once for its calibration run and its killed run (noisy large JPEGs take seconds). */
const madePhotos = { seed: NaN, photos: new Map<number, Promise<Buffer>>() };
function photoOf(plan: RoundPlan, i: number): Promise<Buffer> {
  if (madePhotos.seed !== plan.seed) Object.assign(madePhotos, { seed: plan.seed, photos: new Map() });
  let photo = madePhotos.photos.get(i);
  if (!photo) madePhotos.photos.set(i, (photo = makePhoto(plan.photos[i]!, plan.seed, i)));
  return photo;
}

const extensionOf = (kind: PhotoKind) => (kind === 'png' ? 'png' : 'jpg');

/**
 * How long runs of each kind took here, unkilled. The first round of a kind is preceded by an
 * unkilled calibration run of its own plan (in a replay, the only round is); later rounds of the
 * kind go by its latest unkilled runs. The kill instant that came of it is printed with the round.
 */
class Timings {
  private readonly seen = new Map<string, Timing[]>();
  delayFor(key: string, plan: RoundPlan): { delayMs: number; stretchMs: number } | undefined {
    const runs = (this.seen.get(key) ?? []).slice(-3);
    if (!runs.length) return undefined;
    const delayMs = Math.max(...runs.map((t) => killDelayMs(plan, t)));
    const stretchMs = Math.max(...runs.map((t) => (plan.killFrom === 'accepted' ? t.doneMs - (t.acceptedMs ?? 0) : t.doneMs)));
    return { delayMs, stretchMs: Math.round(stretchMs) };
  }
  record(key: string, timing: Timing) {
    this.seen.set(key, [...(this.seen.get(key) ?? []), timing].slice(-10));
  }
}

/**
 * Calls `then` once the journal's first write is on disk: the instant the first photos were
 * accepted. The data dir does not exist until dmdrop makes it, so its parent is watched until it does.
 */
function onFirstJournalWrite(dataDir: string, then: () => void): () => void {
  const journal = join(dataDir, JOURNAL_FILE);
  let inner: FSWatcher | undefined;
  let fired = false;
  const stop = () => {
    outer.close();
    inner?.close();
  };
  const check = () => {
    // The log is renamed into place whole (write-file-atomic), so once it exists it holds the first step.
    if (fired || !existsSync(journal)) return;
    fired = true;
    stop();
    then();
  };
  const watchInner = () => {
    if (inner || fired || !existsSync(dataDir)) return;
    inner = watch(dataDir, check);
    check();
  };
  const outer = watch(dirname(dataDir), watchInner);
  watchInner();
  return stop;
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
  /** An unkilled run of the plan, to time its kind (checked like any round). */
  calibration: boolean;
  /** The kill instant after the plan's anchor (`killFrom`), and the duration it is a fraction of. */
  killDelayMs?: number;
  stretchMs?: number;
  /** When the journal's first write was seen (photos accepted), from the process's start. */
  acceptedAtMs?: number;
  killedAtMs?: number;
  /** Timed from acceptance, but the run had printed all its results first: killed then, as it closed. */
  killedAtEnd: boolean;
  doneMs?: number;
  accepted: number;
  live: number;
  refused: number;
  duplicates: number;
  lost: number;
  strays: number;
  extraResumes: number;
  problems: string[];
}

/** Was it killed after photos were accepted (the journal held jobs to resume)? */
const killedAfterAcceptance = (r: RoundResult) => r.killedAtMs !== undefined && r.accepted > 0;

/**
 * One run of a plan: unkilled when `kill` is undefined (a calibration), else SIGKILLed `kill.delayMs`
 * after the plan's anchor. A `faults` round gets an emulator process of its own, seeded from the
 * plan, so the faults it meets are the plan's (as far as the order of concurrent calls allows).
 */
async function runRound(plan: RoundPlan, clean: EmulatorProcess, kill: { delayMs: number; stretchMs?: number } | undefined, timings: Timings): Promise<RoundResult> {
  const faulty = plan.kind === 'faults' ? await startEmulatorProcess(['--faults', '0.3', '--seed', String(plan.faultSeed)]) : undefined;
  try {
    return await runRoundOn(plan, faulty ?? clean, kill, timings);
  } finally {
    await faulty?.close();
  }
}

async function runRoundOn(plan: RoundPlan, emulator: EmulatorProcess, kill: { delayMs: number; stretchMs?: number } | undefined, timings: Timings): Promise<RoundResult> {
  const trace = (step: string) => (lastStep = `seed ${plan.seed}${kill ? '' : ' (calibration)'}: ${step} at ${new Date().toISOString()}`);
  trace('making its photos');
  const calibration = kill === undefined;
  const root = await mkdtemp(join(tmpdir(), `dmdrop-soak-${plan.seed}${calibration ? '-calibration' : ''}-`));
  const dataDir = join(root, 'data');
  const photosDir = join(root, 'photos');
  await mkdir(photosDir);
  const files = await Promise.all(
    plan.photos.map(async (kind, i) => {
      const path = join(photosDir, `r${plan.seed}-${i}-${kind}.${extensionOf(kind)}`);
      await writeFile(path, await photoOf(plan, i));
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

  let killedAtMs: number | undefined;
  let killedAtEnd = false;
  let acceptedAtMs: number | undefined;
  let doneMs: number | undefined;
  const problems: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopWatching = () => {};
  const since = (started: number) => performance.now() - started;

  /** Starts the child with its kill armed (from its start, or from the journal's first write). */
  const launch = (args: string[], stdin: boolean) => {
    const started = performance.now();
    const child = spawnDmdrop(args, roundEnv, stdin);
    const killNow = () => {
      killedAtMs = since(started);
      killGroup(child, 'SIGKILL');
    };
    // Watched from outside (no race: the watcher looks once it is set, then on every change).
    stopWatching = onFirstJournalWrite(dataDir, () => {
      acceptedAtMs = since(started);
      if (kill && plan.killFrom === 'accepted') timer = setTimeout(killNow, kill.delayMs);
    });
    if (kill && plan.killFrom === 'start') timer = setTimeout(killNow, kill.delayMs);
    const settle = () => {
      clearTimeout(timer);
      timer = undefined;
      stopWatching();
    };
    /**
     * A kill timed from acceptance always happens: if the run has printed all its results before
     * its instant, it is killed then, while it closes (a legitimate instant too).
     */
    const killAtEndIfDue = () => {
      if (!kill || plan.killFrom !== 'accepted' || killedAtMs !== undefined) return;
      killedAtEnd = true;
      killNow();
    };
    const out = followLines(child);
    const closed = out.closed.then((result) => {
      // Killed only if the signal ended it: a kill that came as it exited by itself is no kill.
      if (result.signal !== 'SIGKILL') killedAtMs = undefined;
      if (killedAtMs === undefined) killedAtEnd = false;
      return result;
    });
    return { child, out, closed, since: () => since(started), settle, killAtEndIfDue };
  };

  if (plan.kind === 'watch') {
    const drop = join(root, 'drop');
    const { child, out, closed, since: elapsed, settle, killAtEndIfDue } = launch(['watch', '--drop', drop, '--cancel-window', '0', '--provider', plan.provider, '--json'], true);
    trace('waiting for watch to be ready');
    if (await out.until((lines) => lines.some((l) => l.event === 'ready'))) {
      // Arrive the way a finished download does: renamed into the folder, complete.
      for (const { path } of files) await rename(path, join(drop, path.slice(photosDir.length + 1))).catch(() => undefined);
      const names = files.map(({ path }) => path.slice(photosDir.length + 1));
      const settled = (lines: Record<string, unknown>[]) =>
        names.every((name) => lines.some((l) => (l.event === 'shared' || l.event === 'error') && String(l.file).endsWith(name)));
      trace('waiting for every photo to be shared or refused');
      if (await out.until(settled)) {
        doneMs = elapsed();
        settle();
        killAtEndIfDue();
        if (killedAtMs === undefined) killGroup(child, 'SIGTERM');
      }
    }
    trace(`waiting for watch to exit (it printed ${JSON.stringify(out.lines.map((l) => l.event))})`);
    await closed;
    settle();
  } else {
    const album = plan.kind === 'album' ? ['--album', `Soak ${plan.seed}${calibration ? ' calibration' : ''}`] : [];
    const { out, closed, since: elapsed, settle, killAtEndIfDue } = launch(['share', '--json', '--provider', plan.provider, ...album, ...files.map((f) => f.path)], false);
    // Every photo's line (and the album's) printed: all that is left is closing.
    const allPrinted = (lines: Record<string, unknown>[]) =>
      files.every(({ path }) => lines.some((l) => typeof l.file === 'string' && l.file.endsWith(path.slice(photosDir.length + 1)))) &&
      (plan.kind !== 'album' || lines.some((l) => l.album !== undefined && l.file === undefined));
    void out.until(allPrinted).then((printed) => printed && killAtEndIfDue());
    trace('waiting for share to end');
    const { signal } = await closed;
    settle();
    if (signal !== 'SIGKILL') doneMs = elapsed();
  }
  if (doneMs !== undefined) timings.record(`${plan.provider}/${plan.kind}`, { doneMs, acceptedMs: acceptedAtMs });

  // Resume as a user would, once; a photo whose retries ran out on a faulty network asks for another.
  trace('dmdrop resume');
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
  return { plan, calibration, killedAtEnd, killDelayMs: kill?.delayMs, stretchMs: kill?.stretchMs, acceptedAtMs, killedAtMs, doneMs, accepted: jobs.length, live, refused, duplicates, lost, strays: strays.length, extraResumes, problems };
}

const fileKey = (f: StoredFile) => `${f.provider}:${f.path}:${f.sha256}`;

function describeRound(label: string, r: RoundResult): string {
  const timing =
    r.killDelayMs === undefined
      ? 'calibration (not killed)'
      : `killAtMs=${r.killDelayMs} (after ${r.plan.killFrom === 'accepted' ? 'acceptance' : 'start'}${r.stretchMs === undefined ? ', given' : `, of ~${r.stretchMs} ms`})`;
  const seen = [
    r.acceptedAtMs !== undefined ? `accepted at ${Math.round(r.acceptedAtMs)} ms` : 'nothing accepted before the end',
    r.killedAtMs !== undefined
      ? `killed at ${Math.round(r.killedAtMs)} ms${r.killedAtEnd ? ' (as it closed: its results were all printed before its instant)' : ''}`
      : `finished in ${Math.round(r.doneMs ?? 0)} ms`,
  ].join(', ');
  const verdict = r.problems.length ? `FAILED: ${r.problems.join('; ')}` : 'ok';
  const replay = r.problems.length && r.killDelayMs !== undefined ? `\n  replay: ${replayCommand(r.plan.seed, r.killDelayMs)}` : '';
  return `${label} ${describePlan(r.plan)} ${timing}: ${seen}; ${r.accepted} accepted, ${r.live} live, ${r.refused} refused, ${r.extraResumes} extra resumes → ${verdict}${replay}`;
}

const replayCommand = (seed: number, killAtMs?: number) =>
  `KILL_SOAK_SEED=${seed}${killAtMs === undefined ? '' : ` KILL_SOAK_KILL_AT_MS=${killAtMs}`} npx vitest run tests/reliability/kill-soak.test.ts`;

async function summarise(all: RoundResult[]): Promise<Record<string, number | string>> {
  const results = all.filter((r) => !r.calibration);
  const calibrations = all.filter((r) => r.calibration);
  const sum = (rs: RoundResult[], f: (r: RoundResult) => number) => rs.reduce((n, r) => n + f(r), 0);
  const figures: Record<string, number | string> = { seed: BASE, rounds: results.length, cpuHog: HOG ? 'both cores busy' : 'no' };
  for (const provider of ['dropbox', 'drive'] as const) {
    const rs = results.filter((r) => r.plan.provider === provider);
    Object.assign(figures, {
      [`${provider}Rounds`]: rs.length,
      [`${provider}Killed`]: rs.filter((r) => r.killedAtMs !== undefined).length,
      [`${provider}KilledAfterAcceptance`]: rs.filter(killedAfterAcceptance).length,
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
  figures.timedFromAcceptance = results.filter((r) => r.plan.killFrom === 'accepted').length;
  figures.killedAsTheyClosed = results.filter((r) => r.killedAtEnd).length;
  figures.extraResumes = sum(results, (r) => r.extraResumes);
  figures.failedRounds = results.filter((r) => r.problems.length).length;
  // Unkilled runs that timed each kind: checked the same way, counted apart.
  figures.calibrationRuns = calibrations.length;
  figures.calibrationDuplicates = sum(calibrations, (r) => r.duplicates);
  figures.calibrationLost = sum(calibrations, (r) => r.lost);
  figures.failedCalibrations = calibrations.filter((r) => r.problems.length).length;
  if (REPLAY === undefined) await recordFigures(`kill-soak${FULL ? '-full' : ''}${HOG ? '-hog' : ''}${env.KILL_SOAK_TAG ? `-${env.KILL_SOAK_TAG}` : ''}`, figures);
  return figures;
}

/** Where the running round is, for a round that hangs until the test's timeout. */
let lastStep = 'starting';

const hogs: ChildProcess[] = [];
afterAll(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
});

describe('kill soak: SIGKILL at a random instant, then resume', () => {
  it(
    `${ROUNDS} rounds from seed ${BASE}${HOG ? ', both cores busy' : ''}: every accepted photo live and stored exactly once`,
    async () => {
      onTestFailed(() => console.log(`kill soak: the last step was ${lastStep}`));
      if (HOG) {
        // Busy loops of the test's own, one per core, so every step of dmdrop waits for a CPU.
        for (let i = 0; i < availableParallelism(); i++) hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
      }
      const clean = await startEmulatorProcess();
      const timings = new Timings();
      const all: RoundResult[] = [];
      console.log(
        `kill soak: ${ROUNDS} rounds from seed ${BASE}${HOG ? ', CPU hog on' : ''}; replay a round with ${replayCommand(0).replace('=0', '=<seed>')} ` +
          '(add KILL_SOAK_KILL_AT_MS=<its killAtMs> for the exact instant)',
      );
      try {
        for (let i = 0; i < ROUNDS; i++) {
          const plan = planRound(BASE + i);
          const key = `${plan.provider}/${plan.kind}`;
          let kill: { delayMs: number; stretchMs?: number } | undefined = KILL_AT_MS !== undefined ? { delayMs: KILL_AT_MS } : timings.delayFor(key, plan);
          if (!kill) {
            // The first round of its kind: an unkilled run of the same plan times it here and now.
            const calibration = await runRound(plan, clean, undefined, timings);
            all.push(calibration);
            console.log(describeRound(`round ${i + 1}/${ROUNDS}, calibration:`, calibration));
            kill = timings.delayFor(key, plan);
          }
          if (!kill) throw new Error(`seed ${plan.seed}: the calibration run did not finish, so its kind cannot be timed`);
          const result = await runRound(plan, clean, kill, timings);
          all.push(result);
          console.log(describeRound(`round ${i + 1}/${ROUNDS}:`, result));
          // After every round, so a long run stopped early still leaves its figures.
          await summarise(all);
        }
      } finally {
        await clean.close();
      }
      const figures = await summarise(all);
      console.log(`kill soak figures: ${JSON.stringify(figures)}`);
      expect(all.filter((r) => r.problems.length).map((r) => `seed ${r.plan.seed}${r.calibration ? ' (calibration)' : ''}: ${r.problems.join('; ')}`)).toEqual([]);
      const results = all.filter((r) => !r.calibration);
      // Every round's kill falls within the run it was timed by (never "after the end of time").
      for (const r of results) if (r.stretchMs !== undefined) expect(r.killDelayMs, `seed ${r.plan.seed}`).toBeLessThanOrEqual(r.stretchMs * 1.05 + 1);
      if (REPLAY !== undefined) {
        // A replay kills: timed from acceptance, always (at the latest as it closes); timed from the
        // start, unless the run ended before its instant (a fraction near or past 1, or a quicker run).
        const r = results[0]!;
        if (r.plan.killFrom === 'accepted') expect(killedAfterAcceptance(r), `seed ${r.plan.seed}: killed after acceptance`).toBe(true);
        else if (r.killedAtMs === undefined) expect(r.doneMs, `seed ${r.plan.seed} was not killed`).toBeLessThan(r.killDelayMs! + 1);
      } else {
        expect(results.filter((r) => r.killedAtMs !== undefined).length).toBeGreaterThan(0);
        // Each provider is killed at least once after photos were accepted whenever its rounds include
        // one timed from acceptance (always in 6 consecutive seeds: see planRound).
        for (const provider of ['dropbox', 'drive'] as const) {
          const rs = results.filter((r) => r.plan.provider === provider);
          if (rs.some((r) => r.plan.killFrom === 'accepted')) expect(rs.filter(killedAfterAcceptance).length, `${provider}: kills after acceptance`).toBeGreaterThan(0);
        }
      }
    },
    ROUNDS * 120_000,
  );
});
