import type { AudioCondition, AudioProfile, AudioTrack, AudioTrackParams, Preset, VideoCondition, VideoProfile, VideoTrack, VideoTrackParams } from '@dvt/contracts';
import type { PresetRow, ProfileRow, TrackRow } from '../db/catalog.table.js';

const stamps = (row: { created_at: Date; modified_at: Date }) => ({ createdAt: row.created_at.toISOString(), modifiedAt: row.modified_at.toISOString() });

export const toPreset = (row: PresetRow): Preset => ({ id: row.id, name: row.name, ...stamps(row) });

// The database holds params as validated on the way in, so the casts below only name their shape.
export const toVideoTrack = (row: TrackRow): VideoTrack => ({ id: row.id, presetId: row.preset_id, name: row.name, params: row.params as VideoTrackParams, ...stamps(row) });
export const toAudioTrack = (row: TrackRow): AudioTrack => ({ id: row.id, presetId: row.preset_id, name: row.name, params: row.params as AudioTrackParams, ...stamps(row) });

type ProfileWithTracks = ProfileRow & { tracks: string[] };

export const toVideoProfile = (row: ProfileWithTracks): VideoProfile => ({
  id: row.id,
  presetId: row.preset_id,
  name: row.name,
  orderNumber: row.order_number,
  segmentDuration: row.segment_duration ?? 0,
  condition: row.condition as VideoCondition,
  tracks: row.tracks,
  ...stamps(row),
});

export const toAudioProfile = (row: ProfileWithTracks): AudioProfile => ({
  id: row.id,
  presetId: row.preset_id,
  name: row.name,
  orderNumber: row.order_number,
  condition: row.condition as AudioCondition,
  tracks: row.tracks,
  ...stamps(row),
});
