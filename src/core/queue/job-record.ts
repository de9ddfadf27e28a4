// One photo's job as the journal stores it. Each step's facts are recorded before the next step
// starts, so a process killed at any instant can resume from the last durable step.
import { z } from 'zod';
import { ErrorInfoSchema } from '../../shared/errors';
import { ProviderIdSchema } from '../../shared/settings-schema';

/** How far a job got; each step is durable before the next begins. */
export const JOB_STEPS = ['queued', 'optimised', 'uploaded', 'shared', 'verified'] as const;
export type JobStep = (typeof JOB_STEPS)[number];

/** `pending` jobs are resumed after a crash; the others are final until the user acts. */
/** `deleted`: the user removed the file from their storage too (its link closed first). */
export const JOB_STATUSES = ['pending', 'live', 'failed', 'revoked', 'expired', 'deleted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function stepReached(job: { step: JobStep }, step: JobStep): boolean {
  return JOB_STEPS.indexOf(job.step) >= JOB_STEPS.indexOf(step);
}

const LinkSchema = z.object({
  url: z.string(),
  directUrl: z.string(),
  access: z.string(),
  audience: z.string(),
  expiresAt: z.string().optional(),
  /** Opens the photo itself, with no provider page around it (see LinkInfo.photoUrl). */
  photoUrl: z.string().optional(),
});

export const JobRecordSchema = z
  .object({
    id: z.string(),
    batchId: z.string(),
    file: z.string(),
    path: z.string(),
    provider: ProviderIdSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    step: z.enum(JOB_STEPS),
    status: z.enum(JOB_STATUSES),
    attempts: z.number().int().nonnegative(),
    options: z.object({
      caption: z.string().optional(),
      maxEdge: z.number().int(),
      jpegQuality: z.number().int().optional(),
      keepNames: z.boolean(),
      template: z.string(),
      /** When DM Drop must close the link (ISO); enforced by the engine on every provider. */
      expiresAt: z.string().optional(),
      /** What the link in the DM opens; absent: the provider's default. */
      linkOpens: z.enum(['photo', 'page']).optional(),
      /** Strangers must type a password first; the password itself is never journaled. */
      passwordProtected: z.boolean().optional(),
    }),
    /** The album this photo belongs to: it is uploaded into the album's folder and shared through its link. */
    albumId: z.string().optional(),
    /** Random stem of the neutral remote name, fixed at enqueue so every retry targets one path. */
    nameStem: z.string(),
    source: z
      .object({ sha256: z.string(), bytes: z.number(), format: z.string(), width: z.number(), height: z.number() })
      .optional(),
    output: z
      .object({
        sha256: z.string(),
        bytes: z.number(),
        format: z.string(),
        ext: z.string(),
        mime: z.string(),
        width: z.number(),
        height: z.number(),
        stagedPath: z.string(),
        removed: z.object({ location: z.boolean(), camera: z.boolean(), otherMetadata: z.boolean() }),
        /** The optimiser's settings that made these bytes: a lost staged copy is made again exactly. */
        encoding: z
          .object({
            maxEdge: z.number(),
            jpegQuality: z.number(),
            jpegEncoder: z.enum(['libjpeg-turbo', 'mozjpeg']),
            losslessMaxEdge: z.number(),
            pngCompressionLevel: z.number(),
            pngPassthrough: z.boolean(),
          })
          .optional(),
      })
      .optional(),
    /** When a failed attempt was taken up again (by resume or the automatic retry). */
    retriedAt: z.string().optional(),
    /** Where the upload goes; recorded before the first byte is sent, checked before any re-upload. */
    remotePath: z.string().optional(),
    remote: z
      .object({ path: z.string(), id: z.string().optional(), size: z.number(), contentHash: z.string().optional() })
      .optional(),
    link: LinkSchema.optional(),
    dm: z.string().optional(),
    verifiedAt: z.string().optional(),
    revokedAt: z.string().optional(),
    /** True when an expiry was enforced after its time (nothing was running then). */
    expiredLate: z.boolean().optional(),
    error: ErrorInfoSchema.optional(),
  })
  .passthrough();

export type JobRecord = z.infer<typeof JobRecordSchema>;

/** How far an album got: its folder exists, its link exists, its link is proven. */
export const ALBUM_STEPS = ['queued', 'created', 'shared', 'verified'] as const;
export type AlbumStep = (typeof ALBUM_STEPS)[number];


export const AlbumRecordSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** Photos shared with the same key join this album (e.g. one album per day of screenshots). */
    key: z.string().optional(),
    provider: ProviderIdSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    step: z.enum(ALBUM_STEPS),
    status: z.enum(JOB_STATUSES),
    options: z.object({ caption: z.string().optional(), template: z.string(), expiresAt: z.string().optional() }),
    remote: z.object({ name: z.string(), path: z.string(), id: z.string().optional() }).optional(),
    link: LinkSchema.optional(),
    dm: z.string().optional(),
    /** Photos the link opens. */
    count: z.number().int().nonnegative().optional(),
    verifiedAt: z.string().optional(),
    /**
     * The last check of a live album (photos joining it are proven through its link): `failing`
     * keeps the link open and the new photos waiting until a later check passes.
     */
    health: z.object({ state: z.enum(['ok', 'failing']), checkedAt: z.string(), error: ErrorInfoSchema.optional() }).optional(),
    revokedAt: z.string().optional(),
    expiredLate: z.boolean().optional(),
    error: ErrorInfoSchema.optional(),
  })
  .passthrough();

/** A live album whose last check failed: photos wait to join it until a later check passes. */
export function awaitsRecheck(album: AlbumRecord): boolean {
  return album.status === 'live' && album.step === 'shared';
}

export type AlbumRecord = z.infer<typeof AlbumRecordSchema>;

export const JournalDocumentSchema = z.object({
  version: z.literal(1),
  jobs: z.array(JobRecordSchema),
  albums: z.array(AlbumRecordSchema).default([]),
});

export type JournalDocument = z.infer<typeof JournalDocumentSchema>;
