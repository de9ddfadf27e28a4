import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progress-bar';

function io(isTTY: boolean) {
  const stderr = Object.assign(new PassThrough(), { isTTY, columns: 80 });
  let written = '';
  stderr.on('data', (d: Buffer) => (written += d.toString()));
  return { io: { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} }, written: () => written };
}

describe('CLI progress bar', () => {
  it('draws large uploads on a terminal and clears when done', () => {
    const { io: cliIo, written } = io(true);
    const bar = createProgressBar(cliIo);
    bar.onEvent({ type: 'progress', jobId: 'j', file: '/p/big.jpg', stage: 'uploading', sent: 1_500_000, total: 3_000_000 });
    expect(written()).toContain('big.jpg 50% of 3.0 MB');
    bar.onEvent({ type: 'progress', jobId: 'j', file: '/p/big.jpg', stage: 'sharing' });
    expect(written().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('stays silent for small uploads and when stderr is not a terminal', () => {
    const small = io(true);
    createProgressBar(small.io).onEvent({ type: 'progress', jobId: 'j', file: 'a.jpg', stage: 'uploading', sent: 10, total: 300_000 });
    expect(small.written()).toBe('');
    const piped = io(false);
    createProgressBar(piped.io).onEvent({ type: 'progress', jobId: 'j', file: 'a.jpg', stage: 'uploading', sent: 1, total: 9_000_000 });
    expect(piped.written()).toBe('');
  });
});
