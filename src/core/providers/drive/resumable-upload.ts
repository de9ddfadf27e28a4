// Drive's resumable upload, by hand (googleapis has none: shared/contracts/google-drive.md §3.2):
// open a session, PUT 256 KiB-aligned chunks, and after a dropped connection or a 5xx ask the
// session how much it holds (`bytes */N`) and carry on from there instead of starting over.
import type { Auth } from 'googleapis';
import { DmDropError } from '../../../shared/errors';
import type { Clock } from '../../ports/clock';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from '../../net/retry';
import { classifyDriveError, statusOf, toDriveDmDropError } from './drive-errors';

export const CHUNK_ALIGNMENT = 256 * 1024;

export interface ResumableUploadInput {
  auth: Auth.OAuth2Client;
  rootUrl: string;
  metadata: Record<string, unknown>;
  fields: string;
  data: Buffer;
  mime: string;
  chunkSize: number;
  clock: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  onProgress?: (sent: number, total: number) => void;
}

type Answer = { done: true; file: Record<string, unknown> } | { done: false; committed: number };

const acceptResumable = (status: number) => status === 308 || (status >= 200 && status < 300);

export async function resumableUpload(input: ResumableUploadInput): Promise<Record<string, unknown>> {
  const total = input.data.length;
  const chunkSize = Math.max(CHUNK_ALIGNMENT, Math.floor(input.chunkSize / CHUNK_ALIGNMENT) * CHUNK_ALIGNMENT);
  const policy = { ...DEFAULT_RETRY, ...input.retry };
  const random = input.random ?? Math.random;

  const open = async (): Promise<string> => {
    const res = await input.auth.request({
      url: `${input.rootUrl}upload/drive/v3/files`,
      method: 'POST',
      params: { uploadType: 'resumable', fields: input.fields },
      headers: {
        'Content-Type': 'application/json; charset=UTF-8',
        'X-Upload-Content-Type': input.mime,
        'X-Upload-Content-Length': String(total),
      },
      data: input.metadata,
      retry: false,
    });
    const location = headerOf(res.headers, 'location');
    if (!location) throw new DmDropError('UPLOAD_FAILED', 'Google Drive opened an upload session without saying where to send the photo.');
    return location;
  };

  const put = async (session: string, headers: Record<string, string>, data?: Buffer): Promise<Answer> => {
    const res = await input.auth.request<Record<string, unknown>>({
      url: session,
      method: 'PUT',
      headers,
      data: data ?? '',
      validateStatus: acceptResumable,
      retry: false,
    });
    if (res.status !== 308) return { done: true, file: res.data };
    // `Range: bytes=0-N` is what the session holds; no Range header means nothing yet.
    const range = /bytes=0-(\d+)/.exec(headerOf(res.headers, 'range') ?? '');
    return { done: false, committed: range ? Number(range[1]) + 1 : 0 };
  };

  let session: string | undefined;
  let offset = 0;
  let failures = 0;
  for (;;) {
    try {
      if (!session) {
        session = await open();
        offset = 0;
      }
      const end = Math.min(total, offset + chunkSize);
      const answer = await put(session, { 'Content-Range': total === 0 ? 'bytes */0' : `bytes ${offset}-${end - 1}/${total}` }, input.data.subarray(offset, end));
      if (answer.done) {
        input.onProgress?.(total, total);
        return answer.file;
      }
      offset = answer.committed;
      input.onProgress?.(offset, total);
      failures = 0;
    } catch (error) {
      failures++;
      if (session && (statusOf(error) === 404 || statusOf(error) === 410) && failures < policy.maxAttempts) {
        session = undefined; // the session expired (they last about a week): start a new one
        continue;
      }
      const decision = classifyDriveError(error);
      if (!decision.retry || failures >= policy.maxAttempts) throw toDriveDmDropError(error, 'upload the photo');
      await input.clock.sleep(decision.afterMs ?? backoffDelay(failures, policy, random));
      if (!session) continue;
      try {
        // Ask the session what it really holds before sending more.
        const status = await put(session, { 'Content-Range': `bytes */${total}` });
        if (status.done) {
          input.onProgress?.(total, total);
          return status.file;
        }
        offset = status.committed;
      } catch (statusError) {
        // A session Drive no longer knows (404/410) is started afresh; other trouble loops to backoff.
        if (statusOf(statusError) === 404 || statusOf(statusError) === 410) session = undefined;
      }
    }
  }
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | undefined> | undefined)?.[name];
  return value ?? undefined;
}
