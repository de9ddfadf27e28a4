// The job runner limits uploads, which share one uplink, and learns the uplink from them; the
// steps after an upload (link, verification) are not held behind it.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../../src/core/engine/job-runner';
import { stagedPathFor, stagingDir } from '../../../src/core/engine/staged-copies';
import type { Provider } from '../../../src/core/providers/provider';
import type { ProviderRegistry } from '../../../src/core/providers/provider-registry';
import type { JobRecord } from '../../../src/core/queue/job-record';
import { Journal } from '../../../src/core/queue/journal';
import { instantClock } from '../../helpers/instant-clock';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** An upload that finishes when the test says so, 100 ms of the test's clock after it started. */
function gatedProvider(advance: (ms: number) => void) {
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let most = 0;
  const provider = {
    displayName: 'Gated',
    findExisting: async () => undefined,
    upload: async ({ data, remotePath }: { data: Buffer; remotePath: string }) => {
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      advance(100);
      inFlight--;
      return { path: remotePath, size: data.length };
    },
  } as unknown as Provider;
  return { provider, waiting, most: () => most, inFlight: () => inFlight };
}

async function optimisedJobs(journal: Journal, dir: string, count: number): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  for (let i = 0; i < count; i++) {
    // Staged as prepare leaves them: in the data folder's staging, under the bytes' recorded SHA-256.
    const stagedPath = stagedPathFor(dir, `job-${i}`, 'jpg');
    const data = Buffer.alloc(50_000, i);
    await mkdir(stagingDir(dir), { recursive: true });
    await writeFile(stagedPath, data);
    const now = new Date(0).toISOString();
    jobs.push({
      id: `job-${i}`, batchId: 'b', file: `p${i}.jpg`, path: stagedPath, provider: 'dropbox', createdAt: now, updatedAt: now,
      step: 'optimised', status: 'pending', attempts: 1, nameStem: `s${i}`,
      options: { maxEdge: 2048, keepNames: false, template: '{link}' },
      output: { sha256: createHash('sha256').update(data).digest('hex'), bytes: 50_000, format: 'jpeg', ext: 'jpg', mime: 'image/jpeg', width: 10, height: 10, stagedPath, removed: { location: false, camera: false, otherMetadata: false } },
      remotePath: `/DM Drop/s${i}.jpg`,
    });
  }
  await journal.add(jobs);
  return jobs;
}

describe('job runner uploads', () => {
  it('uploads at most three at once and learns the uplink from them', async () => {
    const dataDir = await tempDir();
    const journal = await Journal.open(dataDir);
    const clock = instantClock();
    let t = 0;
    const gate = gatedProvider((ms) => void (t += ms));
    const providers = { get: async () => gate.provider } as unknown as ProviderRegistry;
    const runner = new JobRunner({ journal, providers, dataDir, clock: { ...clock, now: () => t }, emit: () => undefined, env: {} });
    expect(runner.uplink.kbps()).toBeUndefined();

    const jobs = await optimisedJobs(journal, dataDir, 7);
    const done = Promise.all(jobs.map((job) => runner.publish(job, 'uploaded')));
    while (gate.waiting.length < 3) await new Promise((resolve) => setImmediate(resolve));
    // Let every upload through, one at a time, as the uplink finishes each.
    let released = 0;
    while (released < 7) {
      if (gate.waiting.length > 0) {
        expect(gate.inFlight()).toBeLessThanOrEqual(3);
        gate.waiting.shift()!();
        released++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const uploaded = await done;
    expect(uploaded.map((j) => j.step)).toEqual(Array(7).fill('uploaded'));
    expect(gate.most()).toBe(3);
    // 50 000 bytes per 100 ms of busy uplink: 4000 kbit/s.
    expect(runner.uplink.kbps()).toBeCloseTo(4000, 6);
  });
});
