// The peers figure: what people do today, timed on the same throttled emulator and photos as DM
// Drop, each ratio the peer's median time ÷ DM Drop's (> 1 when DM Drop is faster).
//
// The peer is the official Dropbox SDK doing what the Dropbox app and ShareX do with a file: upload
// the original as it is (files/upload), then make a view link (sharing/create_shared_link_with_settings).
// Its clock stops when it has the link; DM Drop's when its link is verified by an anonymous fetch,
// which the peers never do.
//   photoRatio       a 12 MP camera photo: original as is vs DM Drop's pipeline (`engine.share`)
//   screenshotRatio  a phone screenshot (PNG): ShareX uploads the PNG as is
//   watchRatio       a screenshot written into a watched folder → link: ShareX's folder watch vs
//                    DM Drop's (AutoShare, no cancel window, link on the clipboard port)
// ShareX's folder watch (ShareX/WatchFolder.cs, with Helpers.WaitWhileAsync in
// ShareX.HelpersLib/Helpers/Helpers.cs) acts on a Created event: it waits 1000 ms, then reads the
// file's size every 250 ms until the size has been the same, and not zero, four times in a row;
// only then does the upload start: 2 s at the least. `shareXSettle` below follows that code.
import { watch } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Dropbox, DropboxAuth } from 'dropbox';
import nodeFetch, { type RequestInit } from 'node-fetch';
import { startDropboxEmulator } from '../emulators/dropbox/server';
import { loadFileSettings } from '../src/core/config/file-settings-store';
import { openEngine } from '../src/core/engine/engine';
import { AutoShare } from '../src/core/watch/auto-share';
import { cameraPhoto, screenshot } from './photos';

export interface Network {
  rttMs: number;
  uplinkKbps: number;
  downlinkKbps: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The SDK as a peer uses it, its requests sent to the emulator (which hosts every Dropbox host). */
function peerClient(env: Record<string, string>): Dropbox {
  const endpoint = env.DMDROP_DROPBOX_ENDPOINT!;
  const fetch = (url: string, init: RequestInit = {}) => {
    const host = /^https:\/\/([^/]+)/.exec(url);
    if (!host) return nodeFetch(url, init);
    // The emulator serves api., content. and www. on one port and tells them apart by this header.
    const headers = { ...(init.headers as Record<string, string> | undefined), 'x-dmdrop-original-host': host[1]! };
    return nodeFetch(endpoint + url.slice(host[0].length), { ...init, headers });
  };
  const auth = new DropboxAuth({ clientId: env.DMDROP_DROPBOX_APP_KEY, refreshToken: env.DMDROP_DROPBOX_REFRESH_TOKEN, fetch });
  return new Dropbox({ auth, fetch });
}

/** The original, as it is, then a view link: the time to the link. */
async function peerShare(dbx: Dropbox, file: string): Promise<number> {
  const t0 = performance.now();
  const contents = await readFile(file);
  const uploaded = await dbx.filesUpload({ path: `/ShareX/${basename(file)}`, contents, mode: { '.tag': 'add' }, autorename: true });
  const link = await dbx.sharingCreateSharedLinkWithSettings({ path: uploaded.result.path_lower! });
  if (!link.result.url) throw new Error('the peer got no link');
  return performance.now() - t0;
}

/** ShareX's wait before a watched file's upload (see the top of this file). */
async function shareXSettle(path: string): Promise<void> {
  await sleep(1000);
  let stable = 0;
  let previous = -1;
  for (;;) {
    const size = await stat(path).then((s) => s.size, () => -1);
    if (size > 0 && size === previous) stable++;
    previous = size;
    if (stable >= 4) return;
    await sleep(250);
  }
}

export async function peers(net: Network, runs: number, log: (text: string) => void) {
  const emu = await startDropboxEmulator({ latencyMs: net.rttMs, uplinkKbps: net.uplinkKbps, bandwidthKbps: net.downlinkKbps });
  const dirs = await Promise.all(['data', 'photos', 'shots', 'dmdrop-watch', 'sharex-watch'].map((name) => mkdtemp(join(tmpdir(), `dmdrop-bench-peers-${name}-`))));
  const [dataDir, photoDir, shotDir, dmdropWatch, shareXWatch] = dirs as [string, string, string, string, string];
  const clipboard: { at: number; text: string }[] = [];
  const engine = await openEngine({
    dataDir,
    settings: await loadFileSettings(dataDir),
    secrets: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
    env: emu.dmdropEnv(),
    clipboard: { writeText: (text) => void clipboard.push({ at: performance.now(), text }) },
  });
  const dbx = peerClient(emu.dmdropEnv());
  const autoShare = new AutoShare({ engine, dataDir, folders: [{ path: dmdropWatch, kind: 'screenshots' }], cancelWindowMs: 0 });
  const dmdropShare = async (file: string) => {
    const t0 = performance.now();
    const [outcome] = await engine.share([file]);
    if (!outcome?.ok) throw new Error(`DM Drop did not share ${file}: ${JSON.stringify(outcome)}`);
    return performance.now() - t0;
  };
  try {
    log(`peers: generating ${runs + 1} camera photos…`);
    const photos: string[] = [];
    const shots: string[] = [];
    for (let i = 0; i <= runs; i++) {
      photos.push(await cameraPhoto(photoDir, 200 + i));
      shots.push(join(shotDir, `Screenshot ${200 + i}.png`));
      await writeFile(shots[i]!, await screenshot(200 + i));
    }
    // Warm both (the SDK's token, DM Drop's first optimisation, the connections); not counted.
    await peerShare(dbx, photos[runs]!);
    await dmdropShare(photos[runs]!);
    await dmdropShare(shots[runs]!);
    const times = { photo: { peer: [] as number[], dmdrop: [] as number[] }, screenshot: { peer: [] as number[], dmdrop: [] as number[] }, watch: { peer: [] as number[], dmdrop: [] as number[] } };
    for (let i = 0; i < runs; i++) {
      // Each photo once through each; who goes first alternates, so a drift in load touches both.
      for (const [kind, file] of [['photo', photos[i]!], ['screenshot', shots[i]!]] as const) {
        const order = i % 2 ? (['peer', 'dmdrop'] as const) : (['dmdrop', 'peer'] as const);
        for (const who of order) times[kind][who].push(who === 'peer' ? await peerShare(dbx, file) : await dmdropShare(file));
      }
    }
    // The watched folders: a new screenshot is written into each; the clock starts when the write
    // has finished (the peer's Created event came at its start, so part of its wait is already over).
    await autoShare.start();
    const shareXDone: (() => void)[] = [];
    const seen = new Set<string>(); // ShareX ignores a second event for a path it is already waiting on
    const shareXWatcher = watch(shareXWatch, (type, name) => {
      const path = join(shareXWatch, name ?? '');
      if (type !== 'rename' || !name || seen.has(path)) return;
      seen.add(path);
      void shareXSettle(path)
        .then(() => peerShare(dbx, path))
        .then(() => shareXDone.shift()?.());
    });
    try {
      for (let i = 0; i < runs; i++) {
        const png = await screenshot(300 + i);
        const dmdropShared = new Promise<void>((resolve) => {
          const off = engine.on((e) => e.type === 'outcome' && (off(), resolve()));
        });
        await writeFile(join(dmdropWatch, `Screenshot ${300 + i}.png`), png);
        const t0 = performance.now();
        await dmdropShared;
        times.watch.dmdrop.push(clipboard.at(-1)!.at - t0);
        const peerShared = new Promise<void>((resolve) => shareXDone.push(resolve));
        await writeFile(join(shareXWatch, `Screenshot ${300 + i}.png`), png);
        const t1 = performance.now();
        await peerShared;
        times.watch.peer.push(performance.now() - t1);
      }
    } finally {
      shareXWatcher.close();
    }
    const figure = (t: { peer: number[]; dmdrop: number[] }) => ({ peerMs: Math.round(median(t.peer)), dmdropMs: Math.round(median(t.dmdrop)) });
    const ratio = (t: { peer: number[]; dmdrop: number[] }) => Number((median(t.peer) / median(t.dmdrop)).toFixed(2));
    return {
      photoRatio: ratio(times.photo),
      screenshotRatio: ratio(times.screenshot),
      watchRatio: ratio(times.watch),
      photo: figure(times.photo),
      screenshot: figure(times.screenshot),
      watch: figure(times.watch),
      runs,
    };
  } finally {
    await autoShare.close();
    await engine.close();
    await emu.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}
