// The emulator's own Dropbox content_hash, written from Dropbox's documentation
// (https://www.dropbox.com/developers/reference/content-hash): split the file into 4 MiB blocks,
// SHA-256 each block, concatenate the binary digests, SHA-256 that. It is deliberately not imported
// from src/core: an emulator that shares the client's code would agree with the client's bugs.
import { createHash } from 'node:crypto';

const DROPBOX_BLOCK_BYTES = 4 * 1024 * 1024;

export function emulatorContentHash(data: Uint8Array): string {
  const blockDigests: Buffer[] = [];
  for (let start = 0; start < data.length; start += DROPBOX_BLOCK_BYTES) {
    blockDigests.push(createHash('sha256').update(data.subarray(start, start + DROPBOX_BLOCK_BYTES)).digest());
  }
  return createHash('sha256').update(Buffer.concat(blockDigests)).digest('hex');
}
