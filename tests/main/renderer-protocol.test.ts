// The page's own scheme (app://dmdrop/): what it serves, what it refuses, and the sender check's
// URL comparison for install paths Chromium writes differently from the path (real Chromium:
// tests/ui/page-url.test.ts).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSamePage, RENDERER_ENTRY_URL, RENDERER_SCHEME_PRIVILEGES, rendererProtocolHandler } from '../../src/main/windows/renderer-protocol';

let root: string;
let secretDir: string;
beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'dmdrop-scheme-'));
  root = join(base, 'DM Drop', 'resources', 'app.asar', 'out', 'renderer');
  secretDir = join(base, 'DM Drop', 'resources');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'"><script type="module" src="./assets/index-1.js"></script>');
  await writeFile(join(root, 'assets', 'index-1.js'), 'export {};');
  await writeFile(join(secretDir, 'secret.json'), '{"token":"x"}');
});
afterAll(async () => rm(join(root, '../../../../..'), { recursive: true, force: true }));

const get = (url: string, method = 'GET') => rendererProtocolHandler(root)(new Request(url, { method }));

describe('app://dmdrop/', () => {
  it('is a standard, secure scheme that does not bypass the page’s CSP', () => {
    expect(RENDERER_ENTRY_URL).toBe('app://dmdrop/index.html');
    expect(RENDERER_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
    expect(RENDERER_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });

  it('serves the page and its modules from the renderer folder, with their types', async () => {
    const page = await get('app://dmdrop/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain("script-src 'self'");
    const script = await get(new URL('./assets/index-1.js', RENDERER_ENTRY_URL).href);
    expect([script.status, script.headers.get('content-type'), script.headers.get('x-content-type-options')]).toEqual([200, 'text/javascript; charset=utf-8', 'nosniff']);
    expect((await get('app://dmdrop/')).status).toBe(200);
    expect(await (await get('app://dmdrop/index.html', 'HEAD')).text()).toBe('');
  });

  it('refuses anything outside the folder, other hosts, other methods and unknown files', async () => {
    const refused = [
      'app://dmdrop/..%2Fsecret.json',
      'app://dmdrop/%2e%2e/%2e%2e/%2e%2e/secret.json',
      'app://dmdrop/..%2F..%2F..%2Fsecret.json',
      'app://dmdrop/..%5C..%5C..%5Csecret.json',
      `app://dmdrop/${encodeURIComponent(join(secretDir, 'secret.json'))}`,
      'app://dmdrop/index.html%00.js',
      'app://evil/index.html',
      'app://dmdrop/missing.js',
      'app://dmdrop/assets/index-1.js.map',
      'app://dmdrop/%E0%A4%A',
    ];
    for (const url of refused) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('token');
    }
    expect((await get('app://dmdrop/index.html', 'POST')).status).toBe(405);
  });
});

describe('the IPC sender check’s URL comparison', () => {
  it('matches a Windows install path the way Chromium writes it (file:///C:/…, percent-encoded)', () => {
    const path = 'C:\\Users\\Zoë\\AppData\\Local\\Programs\\DM Drop\\resources\\app.asar\\out\\renderer\\index.html';
    const reported = 'file:///C:/Users/Zo%C3%AB/AppData/Local/Programs/DM%20Drop/resources/app.asar/out/renderer/index.html';
    expect('file://' + path.replace(/\\/g, '/')).not.toBe(reported); // what the old check compared
    expect(isSamePage(reported, pathToFileURL(path, { windows: true }).href)).toBe(true);
    expect(isSamePage(reported.replace('file:///C:', 'file:///c:'), pathToFileURL(path, { windows: true }).href)).toBe(true);
    expect(isSamePage(reported.replace('DM%20Drop', 'Evil'), pathToFileURL(path, { windows: true }).href)).toBe(false);
  });

  it('accepts our page on app:// and the dev server whatever the view, and nothing else', () => {
    expect(isSamePage('app://dmdrop/index.html#settings', RENDERER_ENTRY_URL)).toBe(true);
    expect(isSamePage('app://evil/index.html', RENDERER_ENTRY_URL)).toBe(false);
    expect(isSamePage('app://dmdrop/other.html', RENDERER_ENTRY_URL)).toBe(false);
    expect(isSamePage('http://localhost:5173/#drop', 'http://localhost:5173')).toBe(true);
    expect(isSamePage('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isSamePage('https://evil.example/', RENDERER_ENTRY_URL)).toBe(false);
    expect(isSamePage('', RENDERER_ENTRY_URL)).toBe(false);
  });
});
