// npm run demo on a fresh clone: the whole loop against the emulator, verified links printed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('shares the sample photos behind verified links and refuses the broken file', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '../../bin/demo.js')], { maxBuffer: 1 << 20 });
    const verified = stdout.split('\n').filter((line) => /^✓ sample-\d\.jpg: .* location and camera data removed, link verified anonymously$/.test(line));
    expect(verified).toHaveLength(3);
    expect(stdout.match(/📷 From the demo\. Tap to view, no login needed: http:\/\/127\.0\.0\.1:\d+\/scl\/fi\/\S+rlkey=\S+/g)).toHaveLength(3);
    expect(stdout).toMatch(/✓ Album “Demo album” \(2 photos\), link verified anonymously\n {2}📷 2 photos\. The demo album\. Tap to view, no login needed: http:\/\/127\.0\.0\.1:\d+\/scl\/fo\//);
    expect(stdout).toMatch(/✗ not-a-photo\.jpg: .*\[NOT_AN_IMAGE\]/);
  });
});
