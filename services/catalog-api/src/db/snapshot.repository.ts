import type { PresetSnapshot } from '@dvt/contracts';
import type { Db } from './database.js';
import type { PresetRows } from '../domain/snapshot.js';
import { insertTrack, tracksOfPreset } from './track.repository.js';
import { insertProfile, profilesOfPreset, setProfileTracks } from './profile.repository.js';

export async function loadPresetRows(db: Db, preset: { id: string; name: string }): Promise<PresetRows> {
  const [videoTracks, audioTracks, videoProfiles, audioProfiles] = await Promise.all([
    tracksOfPreset(db, 'video', preset.id),
    tracksOfPreset(db, 'audio', preset.id),
    profilesOfPreset(db, 'video', preset.id),
    profilesOfPreset(db, 'audio', preset.id),
  ]);
  return { name: preset.name, videoTracks, audioTracks, videoProfiles, audioProfiles };
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
