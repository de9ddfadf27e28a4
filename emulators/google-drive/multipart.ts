// multipart/related as googleapis sends it (contract §3.1): exactly two parts, JSON metadata first,
// then the media; part headers in any case, no Content-Length per part.
import { badRequest } from './wire';

export interface MultipartUpload {
  metadata: Record<string, unknown>;
  mime: string;
  data: Buffer;
}

export function parseMultipart(contentType: string, body: Buffer): MultipartUpload {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\/related/i.test(contentType) || !boundary) throw badRequest('Bad content type. Please use multipart.');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw badRequest('Malformed multipart body.');
    // Strip the CRLF after the delimiter line and the one before the next delimiter.
    parts.push(body.subarray(start + 2, next - 2));
    at = next;
  }
  if (parts.length !== 2) throw badRequest(`Multipart upload must have exactly two parts, not ${parts.length}.`);
  const [meta, media] = parts.map((part) => {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw badRequest('Malformed multipart body.');
    const headers = Object.fromEntries(
      part.subarray(0, split).toString('utf8').split('\r\n').map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    return { type: headers['content-type'] ?? '', data: part.subarray(split + 4) };
  });
  if (!meta!.type.toLowerCase().startsWith('application/json')) throw badRequest('The first part of a multipart upload must be the JSON metadata.');
  let metadata: unknown;
  try {
    metadata = JSON.parse(meta!.data.toString('utf8'));
  } catch {
    throw badRequest('Parse Error');
  }
  return { metadata: metadata as Record<string, unknown>, mime: media!.type || 'application/octet-stream', data: media!.data };
}
