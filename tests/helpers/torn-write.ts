// A file system whose next opened file meets a full disk mid-write: half of what is written lands,
// then ENOSPC, as a real full disk does. For vi.mock('node:fs/promises', …) in the tests that prove
// the journal survives it. This module must not import node:fs/promises itself (it is the mock).
type FsPromises = typeof import('node:fs/promises');

/** Set `next` to true and the next file opened tears its first write. */
export const tornWrite = { next: false };

export function withTornWrites(real: FsPromises): FsPromises {
  const open: FsPromises['open'] = async (...args) => {
    const handle = await real.open(...args);
    if (!tornWrite.next) return handle;
    tornWrite.next = false;
    return Object.assign(Object.create(handle) as typeof handle, {
      write: async (buffer: Buffer) => {
        await handle.write(buffer.subarray(0, buffer.length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
      truncate: (length: number) => handle.truncate(length),
      close: () => handle.close(),
    });
  };
  return { ...real, default: { ...real, open }, open } as FsPromises;
}
