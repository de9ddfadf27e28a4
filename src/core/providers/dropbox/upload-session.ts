// Large files go up in chunks through an upload session, so a dropped connection costs one chunk,
// not the whole file. When a response was lost after the server applied a chunk, Dropbox answers
// incorrect_offset with the offset it holds, and we continue from there.
import type { files } from 'dropbox';
import { DmDropError } from '../../../shared/errors';
import { crashPoint } from '../../queue/crash-points';
import type { DropboxCall } from './dropbox-caller';
import { errorTags, isDropboxFailure } from './dropbox-errors';
import { progressStream } from '../../net/progress-stream';

interface SessionUpload {
  call: DropboxCall;
  data: Buffer;
  commit: files.CommitInfo;
  chunkSize: number;
  onProgress?: (sent: number, total: number) => void;
}

/** The offset the server reports holding, when an error says ours was wrong. */
function correctOffset(error: unknown): number | undefined {
  const cause = (error as DmDropError).cause;
  if (!isDropboxFailure(cause) || !errorTags(cause).includes('incorrect_offset')) return undefined;
  const body = cause.error as { error?: { correct_offset?: number; lookup_failed?: { correct_offset?: number } } };
  return body.error?.correct_offset ?? body.error?.lookup_failed?.correct_offset;
}

export async function uploadInSession(upload: SessionUpload): Promise<files.FileMetadata> {
  const { call, data, chunkSize } = upload;
  const total = data.length;
  const report = (base: number) => (sent: number) => upload.onProgress?.(base + sent, total);
  const first = Math.min(chunkSize, total);
  const started = await call('start an upload session', (dbx) =>
    dbx.filesUploadSessionStart({ close: false, contents: progressStream(data.subarray(0, first), report(0)) }),
  );
  const sessionId = started.session_id;
  let offset = first;
  await crashPoint('mid-upload'); // part of the photo is at Dropbox, in a session nobody will finish
  // Each pass either advances or jumps to the server's offset; bound it all the same.
  for (let pass = 0; pass < 4 * Math.ceil(total / chunkSize) + 8; pass++) {
    const end = Math.min(offset + chunkSize, total);
    const isLast = end >= total;
    const base = offset;
    try {
      if (isLast) {
        return await call('finish the upload', (dbx) =>
          dbx.filesUploadSessionFinish({
            cursor: { session_id: sessionId, offset: base },
            commit: upload.commit,
            contents: progressStream(data.subarray(base, end), report(base)),
          }),
        );
      }
      await call('upload a chunk', (dbx) =>
        dbx.filesUploadSessionAppendV2({
          cursor: { session_id: sessionId, offset: base },
          close: false,
          contents: progressStream(data.subarray(base, end), report(base)),
        }),
      );
      offset = end;
    } catch (error) {
      const serverOffset = correctOffset(error);
      if (serverOffset === undefined || serverOffset === base || serverOffset > total) throw error;
      offset = serverOffset;
    }
  }
  throw new DmDropError('UPLOAD_FAILED', 'Dropbox kept disagreeing about how much of the photo it had received.', { retryable: true });
}
