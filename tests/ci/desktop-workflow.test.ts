// The desktop workflow for a public code host cannot run here; what can be checked is that it is
// valid YAML of the right shape and that, on each of the three OSes, it runs the README's commands,
// the real app's smoke test and the packaged app's self-test at the path electron-builder writes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { include: Record<string, string>[] } }; steps: Step[] }>;
}

/** A step's command with the matrix values of one OS filled in, as the runner would. */
const expand = (text: string, matrix: Record<string, string>) => text.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => matrix[key] ?? '').trim();

describe('.github/workflows/desktop.yml', async () => {
  const workflow = parse(await readFile(join(root, '.github/workflows/desktop.yml'), 'utf8')) as Workflow;
  const builder = JSON.parse(await readFile(join(root, 'electron-builder.json'), 'utf8')) as { productName: string };
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string };
  const [job] = Object.values(workflow.jobs);

  it('runs on pushes and pull requests, once per OS', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(job!['runs-on']).toBe('${{ matrix.os }}');
    expect(job!.strategy.matrix.include.map((m) => m.os)).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
  });

  // Where `electron-builder --dir` leaves the app on each OS: productName on macOS and Windows, the
  // package name as the Linux executable; macos-latest runners are Apple silicon.
  const packaged: Record<string, string> = {
    'ubuntu-latest': `dist/linux-unpacked/${pkg.name}`,
    'macos-latest': `dist/mac-arm64/${builder.productName}.app/Contents/MacOS/${builder.productName}`,
    'windows-latest': `dist/win-unpacked/${builder.productName}.exe`,
  };

  it.each(['ubuntu-latest', 'macos-latest', 'windows-latest'])('on %s: checkout, Node 22, npm ci, npm test, smoke, electron-builder --dir, the packaged self-test, in that order', (os) => {
    const matrix = job!.strategy.matrix.include.find((m) => m.os === os)!;
    const steps = job!.steps.filter((s) => !s.if || (s.if.includes("'Linux'") ? os === 'ubuntu-latest' : true));
    const commands = steps.map((s) => (s.uses ? s.uses.split('@')[0]! : expand(s.run!, matrix)));
    const onScreen = os === 'ubuntu-latest' ? 'xvfb-run --auto-servernum ' : '';
    const order = ['actions/checkout', 'actions/setup-node', 'npm ci', 'npm test', `${onScreen}npm run smoke`, 'npm run build && npx electron-builder --dir --publish never', `${onScreen}"${packaged[os]}" --self-test`];
    expect(commands.filter((c) => order.includes(c))).toEqual(order);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))!.with).toMatchObject({ 'node-version': 22 });
  });
});
