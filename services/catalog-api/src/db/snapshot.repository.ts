import type { PresetSnapshot } from '@dvt/contracts';
import { sql } from 'kysely';
import type { Db } from './database.js';
import { insertTrack } from './track.repository.js';
import { insertProfile, setProfileTracks } from './profile.repository.js';

const spec = (alias: string) => sql.raw(`jsonb_build_object('name', ${alias}.name, 'params', ${alias}.params)`);

const tracksOf = (kind: 'video' | 'audio') => sql`
  (SELECT coalesce(jsonb_agg(${spec('t')} ORDER BY t.seq), '[]'::jsonb)
     FROM ${sql.table(`${kind}_track`)} t WHERE t.preset_id = p.id)`;

// A profile's tracks in link order, as full specs; the link's preset_id equals the track's.
const linkedTracks = (kind: 'video' | 'audio') => sql`
  (SELECT coalesce(jsonb_agg(${spec('t')} ORDER BY l.order_number), '[]'::jsonb)
     FROM ${sql.table(`${kind}_profile_track`)} l JOIN ${sql.table(`${kind}_track`)} t ON t.id = l.track_id
    WHERE l.profile_id = pr.id)`;

const profilesOf = (kind: 'video' | 'audio') => sql`
  (SELECT coalesce(jsonb_agg(jsonb_build_object(
            'name', pr.name, 'orderNumber', pr.order_number, 'condition', pr.condition,
            ${kind === 'video' ? sql.raw(`'segmentDuration', pr.segment_duration,`) : sql.raw('')}
            'tracks', ${linkedTracks(kind)}) ORDER BY pr.order_number, pr.seq), '[]'::jsonb)
     FROM ${sql.table(`${kind}_profile`)} pr WHERE pr.preset_id = p.id)`;

/**
 * The whole preset resolved into its snapshot document in one round trip: tracks in
 * insertion order, profiles by orderNumber (ties in insertion order), each profile's
 * tracks in link order. `id` wins over `name` when both match different presets.
 */
export async function loadSnapshot(db: Db, lookup: { id?: string | undefined; name: string }): Promise<PresetSnapshot | undefined> {
  const { rows } = await sql<{ doc: PresetSnapshot }>`
    WITH p AS (
      SELECT id, name FROM preset
       WHERE name = ${lookup.name} ${lookup.id ? sql`OR id = ${lookup.id}::uuid` : sql``}
       ORDER BY ${lookup.id ? sql`(id = ${lookup.id}::uuid) DESC` : sql`id`} LIMIT 1)
    SELECT jsonb_build_object(
      'name', p.name,
      'videoTracks', ${tracksOf('video')},
      'audioTracks', ${tracksOf('audio')},
      'videoProfiles', ${profilesOf('video')},
      'audioProfiles', ${profilesOf('audio')}) AS doc
    FROM p`.execute(db);
  return rows[0]?.doc;
}

/** Removes every track and profile of the preset (links go with them). */
export async function clearPreset(db: Db, presetId: string): Promise<void> {
  await db.deleteFrom('video_profile').where('preset_id', '=', presetId).execute();
  await db.deleteFrom('audio_profile').where('preset_id', '=', presetId).execute();
  await db.deleteFrom('video_track').where('preset_id', '=', presetId).execute();
  await db.deleteFrom('audio_track').where('preset_id', '=', presetId).execute();
}

/** Inserts a checked document's tracks and profiles into an existing preset; run it in a transaction. */
export async function writeSnapshot(db: Db, presetId: string, doc: PresetSnapshot, now: Date): Promise<void> {
  for (const kind of ['video', 'audio'] as const) {
    const ids = new Map<string, string>();
    for (const track of kind === 'video' ? doc.videoTracks : doc.audioTracks) {
      ids.set(track.name, (await insertTrack(db, kind, { presetId, name: track.name, params: track.params }, now)).id);
    }
    const profiles = kind === 'video' ? doc.videoProfiles : doc.audioProfiles.map((p) => ({ ...p, segmentDuration: undefined }));
    for (const profile of profiles) {
      const { name, orderNumber, condition, segmentDuration } = profile;
      const profileId = await insertProfile(db, kind, { presetId, name, orderNumber, condition, segmentDuration }, now);
      await setProfileTracks(db, kind, profileId, presetId, profile.tracks.map((t) => ids.get(t.name)!));
    }
  }
}
