import { Type, type Static } from '@sinclair/typebox';
import { AudioCondition, AudioTrackParams, VideoCondition, VideoTrackParams } from './catalog.js';
import { Slug } from './common.js';

export const VideoTrackSpec = Type.Object({ name: Slug, params: VideoTrackParams }, { additionalProperties: false });
export type VideoTrackSpec = Static<typeof VideoTrackSpec>;
export const AudioTrackSpec = Type.Object({ name: Slug, params: AudioTrackParams }, { additionalProperties: false });
export type AudioTrackSpec = Static<typeof AudioTrackSpec>;

export const VideoProfileSpec = Type.Object(
  {
    name: Slug,
    orderNumber: Type.Integer({ minimum: 0, maximum: 32767 }),
    segmentDuration: Type.Number({ exclusiveMinimum: 0, maximum: 60 }),
    condition: VideoCondition,
    tracks: Type.Array(VideoTrackSpec, { description: 'Renditions in ladder order, with full params' }),
  },
  { additionalProperties: false },
);
export type VideoProfileSpec = Static<typeof VideoProfileSpec>;

export const AudioProfileSpec = Type.Object(
  {
    name: Slug,
    orderNumber: Type.Integer({ minimum: 0, maximum: 32767 }),
    condition: AudioCondition,
    tracks: Type.Array(AudioTrackSpec),
  },
  { additionalProperties: false },
);
export type AudioProfileSpec = Static<typeof AudioProfileSpec>;

/**
 * A whole preset resolved into one self-contained document: what a job carries
 * (so a worker never reads the catalog) and what preset export/import moves
 * between environments. Profiles are in orderNumber order.
 */
export const PresetSnapshot = Type.Object(
  {
    name: Slug,
    videoTracks: Type.Array(VideoTrackSpec),
    audioTracks: Type.Array(AudioTrackSpec),
    videoProfiles: Type.Array(VideoProfileSpec),
    audioProfiles: Type.Array(AudioProfileSpec),
  },
  { additionalProperties: false },
);
export type PresetSnapshot = Static<typeof PresetSnapshot>;
