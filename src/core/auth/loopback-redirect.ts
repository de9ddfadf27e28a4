// The OAuth redirect target for desktop apps: a one-shot HTTP server on 127.0.0.1 that receives
// the authorization code from the user's browser and closes. The state parameter is checked so
// another page cannot inject a code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DmDropError } from '../../shared/errors';

export interface LoopbackRedirect {
  redirectUri: string;
  /** Resolves with the code once the browser arrives with a matching state. */
  code: Promise<string>;
  close(): void;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font:16px system-ui;margin:3em">` +
  `<h1>${title}</h1><p>${text}</p></body>`;

/** The port was taken by another program (rclone uses 53682 too). */
export class PortBusyError extends DmDropError {
  constructor(readonly port: number) {
    super('OAUTH_PORT_BUSY', `Port ${port} is busy, so DM Drop cannot receive the sign-in; close what uses it and try again.`);
  }
}

export async function startLoopbackRedirect(options: { port: number; state: string; path?: string }): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    const reply = (status: number, title: string, text: string) =>
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE(title, text));
    if (params.get('state') !== options.state) {
      reply(400, 'Sign-in not recognised', 'This sign-in did not come from the DM Drop window that is waiting. Try again from DM Drop.');
      return;
    }
    const error = params.get('error');
    if (error) {
      reply(200, 'Not connected', 'You did not allow DM Drop to connect. You can close this tab.');
      settle.reject(new DmDropError('AUTH_FAILED', `The provider did not connect DM Drop (${error}).`));
      return;
    }
    const received = params.get('code');
    if (!received) {
      reply(400, 'Sign-in incomplete', 'The provider sent no authorization code. Try again from DM Drop.');
      return;
    }
    reply(200, 'DM Drop is connected', 'You can close this tab and go back to DM Drop.');
    settle.resolve(received);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new PortBusyError(options.port) : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    code,
    close: () => server.close(),
  };
}
