import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dropboxContentHash } from '../../../../src/core/providers/dropbox/content-hash';
import { directUrl, pageUrl } from '../../../../src/core/providers/dropbox/dropbox-provider';

const sha = (data: Buffer) => createHash('sha256').update(data).digest();

describe('Dropbox content hash', () => {
  it('is the hash of the 4 MiB block hashes', () => {
    const block = 4 * 1024 * 1024;
    const data = Buffer.alloc(block * 2 + 10, 7);
    data[block + 5] = 1;
    const expected = createHash('sha256')
      .update(Buffer.concat([sha(data.subarray(0, block)), sha(data.subarray(block, 2 * block)), sha(data.subarray(2 * block))]))
      .digest('hex');
    expect(dropboxContentHash(data)).toBe(expected);
  });

  it('of an empty file is the hash of nothing', () => {
    expect(dropboxContentHash(Buffer.alloc(0))).toBe(createHash('sha256').digest('hex'));
  });
});

describe('Dropbox link forms', () => {
  const url = 'https://www.dropbox.com/scl/fi/k3x9q2/dmdrop-7f3k2q.jpg?rlkey=p08zz1vv&st=abc&dl=0';
  it('direct URL renders the bytes and keeps the rlkey and st', () => {
    expect(directUrl(url)).toBe('https://www.dropbox.com/scl/fi/k3x9q2/dmdrop-7f3k2q.jpg?rlkey=p08zz1vv&st=abc&raw=1');
  });
  it('page URL is the dl=0 form whatever was pasted', () => {
    expect(pageUrl(directUrl(url))).toBe(url);
  });
});
