import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, Timestamp } from './common.js';
import { Progress, VideoStatusSchema } from './status.js';

export const SOURCE_SCHEMES = ['http:', 'https:', 'ftp:'] as const;

export const SourceUrl = Type.String({
  format: 'uri',
  pattern: '^(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP])://',
  maxLength: 2048,
  description: 'Source media URL: http, https or ftp only',
});

export const Playback = Type.Object({
  hls: Type.String({ description: 'Master playlist URL on one of the edges' }),
  edges: Type.Array(Type.String(), { description: 'The same playlist on every configured edge' }),
});
export type Playback = Static<typeof Playback>;

export const Video = Type.Object({
  id: Id,
  source: Type.String(),
  status: VideoStatusSchema,
  error: Type.Union([Type.String(), Type.Null()]),
  taskId: Type.Union([Id, Type.Null()]),
  basename: Id,
  preset: Type.String({ description: 'Preset name or id as requested' }),
  metadata: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  duration: Type.Union([Type.Number({ description: 'seconds' }), Type.Null()]),
  progress: Type.Union([Progress, Type.Null()]),
  createdAt: Timestamp,
  modifiedAt: Timestamp,
  playback: Type.Union([Playback, Type.Null()]),
});
export type Video = Static<typeof Video>;

export const VideoCreate = Type.Object(
  {
    source: SourceUrl,
    preset: Type.Optional(Type.String({ minLength: 1, maxLength: 100, default: 'default', description: 'Preset name or id; frozen into the job at enqueue time' })),
    transcode: Type.Optional(Type.Boolean({ default: true, description: 'false leaves the video `new`' })),
  },
  { additionalProperties: false },
);
export type VideoCreate = Static<typeof VideoCreate>;

export const VideoTranscode = Type.Object(
  {
    preset: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Preset name or id for this and later transcodes; the video's current preset when left out" })),
  },
  { additionalProperties: false, description: 'Optional: send no body to transcode again with the same preset' },
);
export type VideoTranscode = Static<typeof VideoTranscode>;

export const VideoListQuery = Type.Composite(
  [
    PageQuery,
    Type.Object({
      status: Type.Optional(VideoStatusSchema),
      search: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Substring of the source URL, or the exact basename' })),
    }),
  ],
  { additionalProperties: false },
);
export type VideoListQuery = Static<typeof VideoListQuery>;

export const UploadQuery = Type.Object(
  { filename: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$', description: 'Original file name (informative; storage keys never use it)' }) },
  { additionalProperties: false },
);
export type UploadQuery = Static<typeof UploadQuery>;
export const UploadResponse = Type.Object({ source: Type.String({ description: 'URL to pass as `source` to POST /videos' }) });
export type UploadResponse = Static<typeof UploadResponse>;
