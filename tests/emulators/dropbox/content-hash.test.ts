// The emulator computes Dropbox's content_hash with its own code (not the client's): the two
// implementations, written separately from Dropbox's documentation, must agree at every block edge.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emulatorContentHash } from '../../../emulators/dropbox/content-hash';
import { dropboxContentHash } from '../../../src/core/providers/dropbox/content-hash';

const MiB = 1024 * 1024;

describe("the emulator's content_hash", () => {
  it("agrees with the client's for empty, small, exactly one block and just over block edges", () => {
    for (const size of [0, 1, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 8 * MiB + 17]) {
      const data = randomBytes(size);
      expect(emulatorContentHash(data), `${size} bytes`).toBe(dropboxContentHash(data));
    }
  });

  it("is Dropbox's documented value for an empty file (SHA-256 of nothing hashed once more)", () => {
    // No blocks: the outer SHA-256 is over zero bytes.
    expect(emulatorContentHash(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
