// The peers figure: what people do today, timed on the same throttled emulator and photos as DM
// Drop, each ratio the peer's median time ÷ DM Drop's (> 1 when DM Drop is faster).
//
// The peer is the official Dropbox SDK doing what the Dropbox app and ShareX do with a file: upload
// the original as it is (files/upload), then make a view link (sharing/create_shared_link_with_settings).
// DM Drop's clock stops when its link is verified by a stranger's fetch. The goal (issue 17) is
// "faster to a verified link", so the peer then makes the same check with DM Drop's own code
// (`verifyPhotoLink`: the page, and the photo's bytes hashed against what was uploaded), and both of
// its instants are kept: when it had its link (what a peer really does) and when that link was verified.
//   photoRatio                 a 12 MP camera photo: the peer's original uploaded as is, to a verified
//                              link, ÷ DM Drop's pipeline (`engine.share`) to its verified link
//   screenshotRatio            a phone screenshot (PNG), the same way (ShareX uploads the PNG as is):
//                              flat UI colours, 79 KB, the case where the original is already the
//                              smallest form worth sending on this uplink
//   screenshotFeedRatio        a phone screenshot of a feed (the same UI with a photo across its
//                              middle, 1.3–1.7 MB), the same way: the usual screenshot of a post
//   photoRatioUnverified,      the peer's time to its unverified link ÷ DM Drop's to its verified one
//   screenshotRatioUnverified  (the comparison with what a peer actually does)
//   watchRatio                 a screenshot written into a watched folder → link: ShareX's folder watch
//                              to its unverified link vs DM Drop's (AutoShare, no cancel window, link on
//                              the clipboard port); `watch.peerVerifiedMs` has the peer's verified time
// ShareX's folder watch (ShareX/WatchFolder.cs, with Helpers.WaitWhileAsync in
// ShareX.HelpersLib/Helpers/Helpers.cs) acts on a Created event: it waits 1000 ms, then reads the
// file's size every 250 ms until the size has been the same, and not zero, four times in a row;
// only then does the upload start: 2 s at the least. `shareXSettle` below follows that code.
import { createHash } from 'node:crypto';
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
import { linkForDm } from '../src/core/links/dm-link';
import { verifyPhotoLink } from '../src/core/links/verify-link';
import { createDropboxFetch } from '../src/core/providers/dropbox/dropbox-fetch';
import { directUrl } from '../src/core/providers/dropbox/dropbox-provider';
import { AutoShare } from '../src/core/watch/auto-share';
import { cameraPhoto, feedScreenshot, screenshot } from './photos';

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

interface PeerTimes {
  /** When the peer had its link (all a peer does today). */
  linkAt: number;
  /** When that link had passed DM Drop's stranger check. */
  verifiedAt: number;
}

/**
 * The original, as it is, then a view link, then DM Drop's check of that link as a stranger (the
 * same requests DM Drop's own links get: the page, and the photo's bytes through its redirect).
 * The peer hashes what it uploaded while its link request is in flight, so the hash costs it nothing.
 */
async function peerShare(dbx: Dropbox, anonymousFetch: ReturnType<typeof createDropboxFetch>, file: string): Promise<PeerTimes> {
  const contents = await readFile(file);
  const uploaded = await dbx.filesUpload({ path: `/ShareX/${basename(file)}`, contents, mode: { '.tag': 'add' }, autorename: true });
  const linking = dbx.sharingCreateSharedLinkWithSettings({ path: uploaded.result.path_lower! });
  const expected = { sha256: createHash('sha256').update(contents).digest('hex'), size: contents.length };
  const url = (await linking).result.url;
  if (!url) throw new Error('the peer got no link');
  const linkAt = performance.now();
  // Dropbox's links as DM Drop's provider reads them (dropbox-provider.ts toLinkInfo): the page, and raw=1.
  const link = { url, directUrl: directUrl(url), photoUrl: directUrl(url) };
  await verifyPhotoLink({ link, dmLink: linkForDm(link, 'photo'), expected, fetch: anonymousFetch });
  return { linkAt, verifiedAt: performance.now() };
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
  const anonymousFetch = createDropboxFetch(emu.dmdropEnv().DMDROP_DROPBOX_ENDPOINT);
  const peer = async (file: string) => {
    const t0 = performance.now();
    const { linkAt, verifiedAt } = await peerShare(dbx, anonymousFetch, file);
    return { link: linkAt - t0, verified: verifiedAt - t0 };
  };
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
    const feeds: string[] = [];
    for (let i = 0; i <= runs; i++) {
      photos.push(await cameraPhoto(photoDir, 200 + i));
      shots.push(join(shotDir, `Screenshot ${200 + i}.png`));
      await writeFile(shots[i]!, await screenshot(200 + i));
      feeds.push(join(shotDir, `Screenshot feed ${200 + i}.png`));
      await writeFile(feeds[i]!, await feedScreenshot(photoDir, 200 + i));
    }
    // Warm both (the SDK's token, DM Drop's first optimisation, the connections); not counted.
    await peer(photos[runs]!);
    await dmdropShare(photos[runs]!);
    await dmdropShare(shots[runs]!);
    const series = () => ({ peer: [] as number[], peerVerified: [] as number[], dmdrop: [] as number[] });
    const times = { photo: series(), screenshot: series(), feed: series(), watch: series() };
    for (let i = 0; i < runs; i++) {
      // Each photo once through each; who goes first alternates, so a drift in load touches both.
      for (const [kind, file] of [['photo', photos[i]!], ['screenshot', shots[i]!], ['feed', feeds[i]!]] as const) {
        const order = i % 2 ? (['peer', 'dmdrop'] as const) : (['dmdrop', 'peer'] as const);
        for (const who of order) {
          if (who === 'dmdrop') {
            times[kind].dmdrop.push(await dmdropShare(file));
          } else {
            const t = await peer(file);
            times[kind].peer.push(t.link);
            times[kind].peerVerified.push(t.verified);
          }
        }
      }
    }
    // The watched folders: a new screenshot is written into each; the clock starts when the write
    // has finished (the peer's Created event came at its start, so part of its wait is already over).
    await autoShare.start();
    const shareXDone: ((t: PeerTimes) => void)[] = [];
    const seen = new Set<string>(); // ShareX ignores a second event for a path it is already waiting on
    const shareXWatcher = watch(shareXWatch, (type, name) => {
      const path = join(shareXWatch, name ?? '');
      if (type !== 'rename' || !name || seen.has(path)) return;
      seen.add(path);
      void shareXSettle(path)
        .then(() => peerShare(dbx, anonymousFetch, path))
        .then((t) => shareXDone.shift()?.(t));
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
        const peerShared = new Promise<PeerTimes>((resolve) => shareXDone.push(resolve));
        await writeFile(join(shareXWatch, `Screenshot ${300 + i}.png`), png);
        const t1 = performance.now();
        const t = await peerShared;
        times.watch.peer.push(t.linkAt - t1);
        times.watch.peerVerified.push(t.verifiedAt - t1);
      }
    } finally {
      shareXWatcher.close();
    }
    type Series = ReturnType<typeof series>;
    const figure = (t: Series) => ({ peerMs: Math.round(median(t.peer)), peerVerifiedMs: Math.round(median(t.peerVerified)), dmdropMs: Math.round(median(t.dmdrop)) });
    const ratio = (peerTimes: number[], t: Series) => Number((median(peerTimes) / median(t.dmdrop)).toFixed(2));
    return {
      photoRatio: ratio(times.photo.peerVerified, times.photo),
      screenshotRatio: ratio(times.screenshot.peerVerified, times.screenshot),
      screenshotFeedRatio: ratio(times.feed.peerVerified, times.feed),
      photoRatioUnverified: ratio(times.photo.peer, times.photo),
      screenshotRatioUnverified: ratio(times.screenshot.peer, times.screenshot),
      screenshotFeedRatioUnverified: ratio(times.feed.peer, times.feed),
      watchRatio: ratio(times.watch.peer, times.watch),
      photo: figure(times.photo),
      screenshot: figure(times.screenshot),
      feed: figure(times.feed),
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
