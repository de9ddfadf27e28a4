// Accessibility as axe-core (Deque's engine, written by nobody here) finds it in the page under
// test, in the light and the dark scheme. axe is put into the page through the DevTools protocol
// (page.evaluate), which the page's Content-Security-Policy does not govern: the page keeps its
// strict CSP (no bypassCSP, no inline script tag), and axe itself needs no eval.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Fails with every violation axe finds on the page as it is now, in light and in dark. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const found = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
      const results = await axe.run(document, { resultTypes: ['violations'] });
      return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`));
    });
    problems.push(...found.map((p) => `${colorScheme}: ${p}`));
  }
  await page.emulateMedia({ colorScheme: null });
  expect(problems, `axe on ${label}`).toEqual([]);
}
