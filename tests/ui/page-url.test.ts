// The IPC sender check compares the URL Chromium reports for our page with the one we loaded:
// here real Chromium loads a page from a folder with a space and non-ASCII letters (as every
// installed "DM Drop" folder has), and the comparison built with URL functions must match it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSamePage } from '../../src/main/windows/renderer-protocol';
import { launchChromium } from './harness';

describe('the page URL real Chromium reports', () => {
  it('matches what Chromium reports for a page in a folder with a space and non-ASCII letters', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'dmdrop-chromium-')), 'DM Drop', 'Zoë Løvén');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'index.html');
    await writeFile(file, '<!doctype html><title>x</title>');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // Asked for the way the old code built it: 'file://' + path, unencoded.
      await page.goto(`file://${file}#history`);
      const reported = await page.evaluate(() => location.href);
      expect(reported).toContain('DM%20Drop/Zo%C3%AB%20L%C3%B8v%C3%A9n/index.html#history');
      expect(reported === `file://${file}` || reported.startsWith(`file://${file}#`), 'the old string comparison').toBe(false);
      expect(isSamePage(reported, pathToFileURL(file).href)).toBe(true);
      expect(isSamePage(reported, pathToFileURL(join(dir, 'other.html')).href)).toBe(false);
    } finally {
      await browser.close();
      await rm(join(dir, '../..'), { recursive: true, force: true });
    }
  });

});
