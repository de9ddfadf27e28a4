// What both emulators' routes throw to answer a request with an error: the status, the body in the
// API's own shape (each API's wire.ts builds it), and any headers. The server catches it and sends it.
import type { IncomingMessage } from 'node:http';

export class WireError extends Error {
  constructor(
    readonly status: number,
    readonly body: string | object,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** The whole request body, refused with the API's own "too large" error past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: () => WireError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
