// What the engine tells its shells while it works: progress per job, and each job's outcome as
// soon as it is final. The CLI prints these; the app forwards them over IPC.
import type { ErrorInfo } from '../../shared/errors';
import type { ProviderId } from '../../shared/settings-schema';

export type JobStage = 'queued' | 'optimising' | 'uploading' | 'sharing' | 'verifying' | 'done' | 'failed';

export interface JobProgressEvent {
  type: 'progress';
  jobId: string;
  file: string;
  stage: JobStage;
  /** Upload bytes sent and total, while uploading. */
  sent?: number;
  total?: number;
}

export interface ShareSuccess {
  file: string;
  ok: true;
  provider: ProviderId;
  url: string;
  directUrl: string;
  dm: string;
  bytesIn: number;
  bytesOut: number;
  width: number;
  height: number;
  verified: true;
  jobId: string;
  removed: { location: boolean; camera: boolean; otherMetadata: boolean };
  /**
   * Set for a photo shared through an album: `url` and `dm` are then the album's. (Not `album`:
   * that key marks the album's own line in `--json` output.)
   */
  inAlbum?: string;
  /** The link asks strangers for a password (never included here). */
  passwordProtected?: true;
}

export interface ShareFailure {
  file: string;
  ok: false;
  error: ErrorInfo;
  jobId?: string;
  /**
   * Not the photo's fault (the network, the provider, a sign-in, a full account): the job stays in
   * the journal, `dmdrop resume` finishes it, and the app retries network failures by itself.
   */
  resumable?: true;
}

export type ShareOutcome = ShareSuccess | ShareFailure;

export interface JobOutcomeEvent {
  type: 'outcome';
  outcome: ShareOutcome;
}

/** One album's result, after its photos' own outcomes. */
export type AlbumOutcome =
  | { album: string; ok: true; url: string; dm: string; count: number; provider: ProviderId; albumId: string; expiresAt?: string }
  | { album: string; ok: false; count: 0; error: ErrorInfo; albumId: string };

export interface AlbumOutcomeEvent {
  type: 'album';
  outcome: AlbumOutcome;
}

export type EngineEvent = JobProgressEvent | JobOutcomeEvent | AlbumOutcomeEvent;
export type EngineListener = (event: EngineEvent) => void;
