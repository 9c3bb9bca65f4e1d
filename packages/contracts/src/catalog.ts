import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, Slug, Timestamp } from './common.js';

export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo'] as const;
export const H264_PROFILES = ['baseline', 'main', 'high', 'high10', 'high422', 'high444'] as const;
export const VIDEO_CODECS = ['libx264'] as const;
export const AUDIO_CODECS = ['aac'] as const;
export const PIX_FMTS = ['yuv420p', 'yuvj420p', 'yuv422p', 'yuv444p', 'yuv420p10le'] as const;
export const SAMPLE_RATES = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000] as const;

const literals = <T extends readonly (string | number)[]>(values: T, description: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), { description });

export const VideoTrackParams = Type.Object(
  {
    codec: literals(VIDEO_CODECS, 'Video encoder (ffmpeg -c:v)'),
    constantRateFactor: Type.Integer({ minimum: 0, maximum: 51, description: 'x264 CRF, 0-51 (lower is better quality)' }),
    preset: literals(X264_PRESETS, 'x264 preset name'),
    maxRate: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'VBV max rate, bits/s (at most 1 Gbit/s)' }),
    bufSize: Type.Integer({ minimum: 1, maximum: 2_000_000_000, description: 'VBV buffer size, bits' }),
    profile: literals(H264_PROFILES, 'H.264 profile'),
    pixFmt: literals(PIX_FMTS, 'Output pixel format'),
    width: Type.Integer({ minimum: 2, maximum: 7680, multipleOf: 2, description: 'Output width in pixels (even)' }),
    height: Type.Integer({ minimum: 2, maximum: 4320, multipleOf: 2, description: 'Output height in pixels (even)' }),
    frameRate: Type.Number({ minimum: 1, maximum: 240, description: 'Output frame rate, frames/s (1-240)' }),
    gopSize: Type.Integer({ minimum: 1, maximum: 1000, description: 'Max GOP length in frames (-g)' }),
    forceKeyFrames: Type.String({ minLength: 1, maxLength: 200, description: 'ffmpeg -force_key_frames expression' }),
  },
  { additionalProperties: false },
);
export type VideoTrackParams = Static<typeof VideoTrackParams>;

export const AudioTrackParams = Type.Object(
  {
    codec: literals(AUDIO_CODECS, 'Audio encoder (ffmpeg -c:a)'),
    bitrate: Type.Integer({ minimum: 8000, maximum: 1_024_000, description: 'Bit rate, bits/s' }),
    channels: Type.Integer({ minimum: 1, maximum: 8, description: 'Channel count' }),
    sampleRate: literals(SAMPLE_RATES, 'Sample rate, Hz'),
  },
  { additionalProperties: false },
);
export type AudioTrackParams = Static<typeof AudioTrackParams>;

/** The seed's VideoCondition: a source meets it when each bound holds; 0 means no bound. */
export const VideoCondition = Type.Object(
  {
    minWidth: Type.Integer({ minimum: 0, maximum: 16384, default: 0, description: 'Minimum source width, px' }),
    minHeight: Type.Integer({ minimum: 0, maximum: 16384, default: 0, description: 'Minimum source height, px' }),
    minBitrate: Type.Integer({ minimum: 0, maximum: 10_000_000_000, default: 0, description: 'Minimum source video bit rate, bits/s' }),
    minFrameRate: Type.Number({ minimum: 0, maximum: 1000, default: 0, description: 'Minimum source frame rate, frames/s' }),
    minDar: Type.Number({ minimum: 0, maximum: 100, default: 0, description: 'Minimum display aspect ratio (0: no bound)' }),
    maxDar: Type.Number({ minimum: 0, maximum: 100, default: 0, description: 'Maximum display aspect ratio (0: no bound); not below minDar' }),
  },
  { additionalProperties: false },
);
export type VideoCondition = Static<typeof VideoCondition>;

/** Pure: what is wrong with a whole condition that no single field shows, or null. */
export function conditionProblem(c: Partial<VideoCondition>): string | null {
  if (c.minDar && c.maxDar && c.minDar > c.maxDar) return `minDar (${c.minDar}) must not be above maxDar (${c.maxDar}): no source could meet the condition`;
  return null;
}

export const AudioCondition = Type.Object(
  {
    minBitrate: Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0, description: 'Minimum source audio bit rate, bits/s' }),
    minSampleRate: Type.Integer({ minimum: 0, maximum: 384_000, default: 0, description: 'Minimum source sample rate, Hz' }),
  },
  { additionalProperties: false },
);
export type AudioCondition = Static<typeof AudioCondition>;

const stamps = { createdAt: Timestamp, modifiedAt: Timestamp };

// ---- presets
export const Preset = Type.Object({ id: Id, name: Slug, ...stamps }, {});
export type Preset = Static<typeof Preset>;
export const PresetCreate = Type.Object({ name: Slug }, { additionalProperties: false });
export type PresetCreate = Static<typeof PresetCreate>;
export const PresetPatch = Type.Partial(PresetCreate, { additionalProperties: false, minProperties: 1 });
export type PresetPatch = Static<typeof PresetPatch>;

// ---- tracks
export const VideoTrack = Type.Object({ id: Id, presetId: Id, name: Slug, params: VideoTrackParams, ...stamps }, {});
export type VideoTrack = Static<typeof VideoTrack>;
export const VideoTrackCreate = Type.Object({ presetId: Id, name: Slug, params: VideoTrackParams }, { additionalProperties: false });
export type VideoTrackCreate = Static<typeof VideoTrackCreate>;
export const VideoTrackPatch = Type.Object(
  { name: Type.Optional(Slug), params: Type.Optional(Type.Partial(VideoTrackParams, { additionalProperties: false })) },
  { additionalProperties: false, minProperties: 1, description: 'Fields to change; params are merged into the stored params' },
);
export type VideoTrackPatch = Static<typeof VideoTrackPatch>;

export const AudioTrack = Type.Object({ id: Id, presetId: Id, name: Slug, params: AudioTrackParams, ...stamps }, {});
export type AudioTrack = Static<typeof AudioTrack>;
export const AudioTrackCreate = Type.Object({ presetId: Id, name: Slug, params: AudioTrackParams }, { additionalProperties: false });
export type AudioTrackCreate = Static<typeof AudioTrackCreate>;
export const AudioTrackPatch = Type.Object(
  { name: Type.Optional(Slug), params: Type.Optional(Type.Partial(AudioTrackParams, { additionalProperties: false })) },
  { additionalProperties: false, minProperties: 1, description: 'Fields to change; params are merged into the stored params' },
);
export type AudioTrackPatch = Static<typeof AudioTrackPatch>;

// ---- profiles
const OrderNumber = Type.Integer({ minimum: 0, maximum: 32767, description: 'Position among the preset profiles (ascending)' });
const SegmentDuration = Type.Number({ minimum: 0.5, maximum: 60, description: 'HLS segment duration, seconds (0.5-60)' });
const TrackIds = Type.Array(Id, { uniqueItems: true, maxItems: 32, description: 'Ordered track ids; each must belong to the same preset' });

export const VideoProfile = Type.Object(
  { id: Id, presetId: Id, name: Slug, orderNumber: OrderNumber, segmentDuration: SegmentDuration, condition: VideoCondition, tracks: TrackIds, ...stamps },
  {},
);
export type VideoProfile = Static<typeof VideoProfile>;
export const VideoProfileCreate = Type.Object(
  {
    presetId: Id,
    name: Slug,
    orderNumber: OrderNumber,
    segmentDuration: SegmentDuration,
    condition: Type.Optional(Type.Partial(VideoCondition, { additionalProperties: false })),
    tracks: Type.Optional(TrackIds),
  },
  { additionalProperties: false },
);
export type VideoProfileCreate = Static<typeof VideoProfileCreate>;
export const VideoProfilePatch = Type.Partial(Type.Omit(VideoProfileCreate, ['presetId']), { additionalProperties: false, minProperties: 1 });
export type VideoProfilePatch = Static<typeof VideoProfilePatch>;

export const AudioProfile = Type.Object(
  { id: Id, presetId: Id, name: Slug, orderNumber: OrderNumber, condition: AudioCondition, tracks: TrackIds, ...stamps },
  {},
);
export type AudioProfile = Static<typeof AudioProfile>;
export const AudioProfileCreate = Type.Object(
  {
    presetId: Id,
    name: Slug,
    orderNumber: OrderNumber,
    condition: Type.Optional(Type.Partial(AudioCondition, { additionalProperties: false })),
    tracks: Type.Optional(TrackIds),
  },
  { additionalProperties: false },
);
export type AudioProfileCreate = Static<typeof AudioProfileCreate>;
export const AudioProfilePatch = Type.Partial(Type.Omit(AudioProfileCreate, ['presetId']), { additionalProperties: false, minProperties: 1 });
export type AudioProfilePatch = Static<typeof AudioProfilePatch>;

// ---- list queries
export const PresetListQuery = Type.Composite([PageQuery, Type.Object({ search: Type.Optional(Type.String({ maxLength: 100, description: 'Case-insensitive substring of the name' })) })], {
  additionalProperties: false,
});
export type PresetListQuery = Static<typeof PresetListQuery>;
export const CatalogListQuery = Type.Composite(
  [PageQuery, Type.Object({ presetId: Type.Optional(Id), search: Type.Optional(Type.String({ maxLength: 100, description: 'Case-insensitive substring of the name' })) })],
  { additionalProperties: false },
);
export type CatalogListQuery = Static<typeof CatalogListQuery>;
