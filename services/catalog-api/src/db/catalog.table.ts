import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** bigint identity: pg returns int8 as a string; it orders rows by insertion. */
type Seq = ColumnType<string, never, never>;
type Json<T> = ColumnType<T, string, string>;

export interface PresetTable {
  id: Generated<string>;
  seq: Seq;
  name: string;
  created_at: Date;
  modified_at: Date;
}

export interface TrackTable {
  id: Generated<string>;
  seq: Seq;
  preset_id: string;
  name: string;
  params: Json<Record<string, unknown>>;
  created_at: Date;
  modified_at: Date;
}

export interface ProfileTable {
  id: Generated<string>;
  seq: Seq;
  preset_id: string;
  name: string;
  order_number: number;
  condition: Json<Record<string, unknown>>;
  created_at: Date;
  modified_at: Date;
}

export interface VideoProfileTable extends ProfileTable {
  segment_duration: number;
}

/** An ordered link; (preset_id, track_id) references a track of the profile's own preset. */
export interface ProfileTrackTable {
  profile_id: string;
  preset_id: string;
  track_id: string;
  order_number: number;
}

export interface CatalogDatabase {
  preset: PresetTable;
  video_track: TrackTable;
  audio_track: TrackTable;
  video_profile: VideoProfileTable;
  audio_profile: ProfileTable;
  video_profile_track: ProfileTrackTable;
  audio_profile_track: ProfileTrackTable;
}

export type PresetRow = Selectable<PresetTable>;
export type TrackRow = Selectable<TrackTable>;
export type ProfileRow = Selectable<ProfileTable> & { segment_duration?: number };
export type NewTrack = Insertable<TrackTable>;

export type MediaKind = 'video' | 'audio';
export const trackTable = (kind: MediaKind) => (kind === 'video' ? 'video_track' : 'audio_track');
export const profileTable = (kind: MediaKind) => (kind === 'video' ? 'video_profile' : 'audio_profile');
export const linkTable = (kind: MediaKind) => (kind === 'video' ? 'video_profile_track' : 'audio_profile_track');
