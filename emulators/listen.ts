// Starts an emulator's HTTP server on loopback and gives back a close() that really closes: open
// keep-alive sockets are destroyed, so a test's afterEach never waits on a lingering client.
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export async function listenLoopback(
  server: Server,
  options: { port?: number; host?: string },
): Promise<{ port: number; url: string; close(): Promise<void>; listenAgain(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    // The network comes back: same port, same accounts and files (for "network gone" tests).
    listenAgain: () => new Promise<void>((resolve) => server.listen(port, options.host ?? '127.0.0.1', resolve)),
  };
}
