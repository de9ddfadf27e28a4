// The window's tests find a Chromium the way a developer has one, on every OS, and on a Linux x64
// machine with none installed they use the one @sparticuz/chromium ships, which really starts.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';
import { chooseChromium, findChromium, unpackBundledChromium, type Machine } from './find-chromium';

const tempDir = useTempDirs();

function machine(platform: NodeJS.Platform, installed: string[], env: Record<string, string> = {}, arch = 'x64'): Machine {
  return { platform, arch, env, home: platform === 'darwin' ? '/Users/ana' : '/home/ana', exists: (path) => installed.includes(path) };
}

describe('finding a Chromium for the window tests', () => {
  it('takes DMDROP_CHROMIUM first, even over an installed browser', () => {
    const m = machine('linux', ['/usr/bin/chromium', '/opt/my/chrome'], { DMDROP_CHROMIUM: '/opt/my/chrome' });
    expect(chooseChromium(m)).toEqual({ path: '/opt/my/chrome', source: 'DMDROP_CHROMIUM' });
  });

  it('says which variable is wrong when DMDROP_CHROMIUM points at nothing', () => {
    const m = machine('linux', ['/usr/bin/chromium'], { DMDROP_CHROMIUM: '/opt/gone/chrome' });
    expect(chooseChromium(m)).toEqual({ error: expect.stringMatching(/DMDROP_CHROMIUM is \/opt\/gone\/chrome, which does not exist/) });
  });

  it('uses the npm-shipped Chromium when DMDROP_CHROMIUM=bundled, even with one installed', () => {
    expect(chooseChromium(machine('linux', ['/usr/bin/chromium'], { DMDROP_CHROMIUM: 'bundled' }))).toEqual({ bundled: true });
  });

  it('finds Chrome, Chromium or Edge where each OS installs them', () => {
    expect(chooseChromium(machine('linux', ['/usr/bin/chromium']))).toEqual({ path: '/usr/bin/chromium', source: 'installed' });
    expect(chooseChromium(machine('linux', ['/usr/bin/chromium', '/usr/bin/google-chrome-stable']))).toMatchObject({ path: '/usr/bin/google-chrome-stable' });
    expect(chooseChromium(machine('linux', ['/opt/microsoft/msedge/msedge']))).toMatchObject({ path: '/opt/microsoft/msedge/msedge' });
    const chromeInUserApps = '/Users/ana/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(chooseChromium(machine('darwin', [chromeInUserApps]))).toMatchObject({ path: chromeInUserApps });
    expect(chooseChromium(machine('darwin', ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge']))).toMatchObject({ source: 'installed' });
    const windows = { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(chooseChromium(machine('win32', [edge], windows))).toEqual({ path: edge, source: 'installed' });
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(chooseChromium(machine('win32', [edge, chrome], windows))).toMatchObject({ path: chrome });
  });

  it('falls back to the npm-shipped Chromium on Linux x64 only, and elsewhere says what to do', () => {
    expect(chooseChromium(machine('linux', []))).toEqual({ bundled: true });
    for (const m of [machine('darwin', []), machine('win32', [], { PROGRAMFILES: 'C:\\Program Files' }), machine('linux', [], {}, 'arm64')]) {
      expect(chooseChromium(m)).toEqual({ error: expect.stringMatching(/No Chrome, Chromium or Edge found.*set DMDROP_CHROMIUM/) });
    }
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('unpacks the npm-shipped Chromium into place and it starts', async () => {
    const dir = await tempDir();
    const binary = await unpackBundledChromium(dir);
    expect((await stat(binary)).mode & 0o111).not.toBe(0);
    expect(await unpackBundledChromium(dir)).toBe(binary); // unpacked once, then reused
    const { stdout } = await promisify(execFile)(binary, ['--version']);
    expect(stdout).toMatch(/^Chromium \d+\./);
    const found = await findChromium({ platform: 'linux', arch: 'x64', env: { DMDROP_CHROMIUM: 'bundled' }, home: '/nowhere', exists: () => true });
    expect(found.source).toBe('bundled');
  });
});
