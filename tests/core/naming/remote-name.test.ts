import { describe, expect, it } from 'vitest';
import { randomStem, remoteFileName } from '../../../src/core/naming/remote-name';

describe('remote names', () => {
  it('are neutral and random by default', () => {
    const name = remoteFileName({ stem: randomStem(), ext: 'jpg', originalPath: '/home/a/passport scan.jpg', keepName: false });
    expect(name).toMatch(/^dmdrop-[0-9a-z]{6}\.jpg$/);
    expect(name).not.toContain('passport');
  });

  it('differ between calls', () => {
    const stems = new Set(Array.from({ length: 200 }, () => randomStem()));
    expect(stems.size).toBe(200);
  });

  it('keep the original name only on request, with the output extension and no unsafe characters', () => {
    expect(remoteFileName({ stem: 'x', ext: 'jpg', originalPath: '/p/IMG 0001.HEIC', keepName: true })).toBe('IMG 0001.jpg');
    expect(remoteFileName({ stem: 'x', ext: 'png', originalPath: '/p/a\u0001b:c*?.png', keepName: true })).toBe('a_b_c__.png');
    expect(remoteFileName({ stem: 'abc123', ext: 'png', originalPath: '/p/...png', keepName: true })).toBe('dmdrop-abc123.png');
  });
});
