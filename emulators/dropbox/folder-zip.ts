// A folder link with dl=1 serves the folder as one ZIP (Dropbox help, "force download"): the
// smallest faithful form, stored entries named relative to the folder. (The album work replaces
// this with the full shapes in folder-link.ts.)
import { crc32 } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import type { StoredFile } from './store';

export function sendFolderZip(res: ServerResponse, folderName: string, files: StoredFile[], bytesOf: (file: StoredFile) => Buffer): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.pathDisplay.split('/').pop()!, 'utf8');
    const data = bytesOf(file);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const body = Buffer.concat([...locals, directory, end]);
  res
    .writeHead(200, {
      'content-type': 'application/zip',
      'content-length': String(body.length),
      'content-disposition': `attachment; filename="${folderName.replace(/[^\x20-\x7e]|"/g, '_')}.zip"`,
    })
    .end(body);
}
