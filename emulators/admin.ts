// The emulators' admin endpoint: GET <admin>/files lists every stored file of every emulator
// (provider, path, size, sha256), so tests and humans can check what really reached "the cloud".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileSource {
  files(): { provider: string; path: string; size: number; sha256: string }[];
}

export async function startAdminServer(sources: FileSource[], port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path === '/__admin/files') {
      const files = sources.flatMap((s) => s.files().map(({ provider, path: p, size, sha256 }) => ({ provider, path: p, size, sha256 })));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(files));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__admin`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
