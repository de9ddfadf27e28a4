// `dmdrop history --check` as a user runs it, against the Dropbox emulator: each live link is opened
// again as a stranger and its health printed (ok, closed, failing when no answer comes), in human
// lines and in --json; nothing is revoked or closed, and history is unchanged afterwards.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../emulators/dropbox/server';
import { loadFileSettings } from '../../src/core/config/file-settings-store';
import { openEngine } from '../../src/core/engine/engine';
import { jsonLines, runCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  emu = await startDropboxEmulator();
  env = { DMDROP_HOME: await tempDir(), ...emu.dmdropEnv() };
});
afterEach(() => emu.close());

async function photo(name: string, background: string) {
  const path = join(await tempDir(), name);
  await writeFile(path, await sharp({ create: { width: 160, height: 100, channels: 3, background } }).jpeg().toBuffer());
  return path;
}

describe('dmdrop history --check', () => {
  it('prints each live link’s health as a stranger finds it, and closes nothing', async () => {
    const shared = await runCli(['share', '--json', await photo('open.jpg', '#3a7'), await photo('gone.jpg', '#a37'), await photo('revoked.jpg', '#37a')], env);
    expect(shared.code, shared.stderr).toBe(0);
    const byName = (name: string) => (jsonLines(shared.stdout) as { file: string; url: string }[]).find((l) => l.file.endsWith(name))!;
    const [open, gone, revoked] = [byName('open.jpg'), byName('gone.jpg'), byName('revoked.jpg')];
    // Removed outside DM Drop: the provider now answers its link with 404 (the link names the stored file).
    const goneName = decodeURIComponent(new URL(gone.url).pathname.split('/').pop()!);
    emu.misbehave.linkReturnsNotFound(emu.files().find((f) => f.path.endsWith(`/${goneName}`))!.path);
    expect((await runCli(['revoke', revoked.url], env)).code).toBe(0);
    const requestsBefore = emu.requests.length;

    const checked = await runCli(['history', '--check', '--json'], env);
    expect(checked.code, checked.stderr).toBe(0);
    const lines = jsonLines(checked.stdout) as { file: string; status: string; url?: string; health?: string; healthMessage?: string }[];
    expect(lines).toHaveLength(3);
    const byFile = (file: string) => lines.find((l) => l.file === file)!;
    expect(byFile(open.file)).toMatchObject({ status: 'live', url: open.url, health: 'ok', healthMessage: expect.any(String) });
    expect(byFile(gone.file)).toMatchObject({ status: 'live', health: 'closed', healthMessage: expect.stringMatching(/DM Drop did not close it/) });
    // Not live: not checked.
    expect(lines.find((l) => l.status === 'revoked')).not.toHaveProperty('health');
    // Only looked: no revoke, no delete, no upload; history says the same as before.
    const sinceCheck = emu.requests.slice(requestsBefore).map((r) => r.route);
    expect(sinceCheck.filter((route) => /revoke|delete|upload|create_shared_link/.test(route))).toEqual([]);
    expect(lines.map((l) => l.status).sort()).toEqual(['live', 'live', 'revoked']);

    // The human lines, after that check: the same links, still live, said the same way.
    const human = await runCli(['history', '--check'], env);
    expect(human.stdout).toMatch(/live +.*open\.jpg.*\n {2}✓ ok: A stranger gets the photo/);
    expect(human.stdout).toMatch(/live +.*gone\.jpg.*\n {2}✗ closed: A stranger no longer gets the photo/);
  });

  it('says when a delivered album’s later check failed, and that its link stays open', async () => {
    // An album-per-day as the watcher keeps one, shared by the engine on this data folder.
    const dataDir = env.DMDROP_HOME!;
    const values = new Map([['dropbox.refreshToken', emu.issueRefreshToken()]]);
    const engine = await openEngine({
      dataDir,
      settings: await loadFileSettings(dataDir),
      secrets: { get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) },
      env: { ...env },
    });
    const day = { key: 'watch:/shots:2026-12-01', name: 'Screenshots 1 Dec' };
    expect((await engine.shareAlbum([await photo('first.jpg', '#3a7')], day)).album.ok).toBe(true);
    emu.misbehave.allLinksServeWrongBytes();
    expect((await engine.shareAlbum([await photo('second.jpg', '#a37')], day)).album.ok).toBe(false);
    await engine.close();

    const human = await runCli(['history'], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/live +.*first\.jpg.*\n {2}! album “Screenshots 1 Dec”: its last check failed; the link stays open for the people who have it and is checked again\./);
    const lines = jsonLines((await runCli(['history', '--json'], env)).stdout);
    expect(lines).toContainEqual(expect.objectContaining({ status: 'live', album: 'Screenshots 1 Dec', albumHealth: 'failing' }));
  });

  it('says failing, not closed, when the provider does not answer', async () => {
    expect((await runCli(['share', await photo('offline.jpg', '#777')], env)).code).toBe(0);
    await emu.networkGone();
    const checked = await runCli(['history', '--check', '--json'], env);
    expect(checked.code, checked.stderr).toBe(0);
    expect(jsonLines(checked.stdout)).toEqual([expect.objectContaining({ status: 'live', health: 'failing', healthMessage: expect.stringMatching(/no answer/) })]);
    await emu.networkBack();
  });
});
