import { DEFAULT_PRESET, type PresetSnapshot } from '@dvt/contracts';
import { sql, type Kysely } from 'kysely';

// Self-contained on purpose: a migration must keep doing what it did when it was
// written, whatever the repositories become later.
async function insert(db: Kysely<unknown>, preset: PresetSnapshot, now: Date): Promise<void> {
  const one = async (query: ReturnType<typeof sql<{ id: string }>>) => (await query.execute(db)).rows[0]!.id;
  const presetId = await one(sql`INSERT INTO preset (name, created_at, modified_at) VALUES (${preset.name}, ${now}, ${now}) RETURNING id`);
  const trackIds = { video: new Map<string, string>(), audio: new Map<string, string>() };
  for (const kind of ['video', 'audio'] as const) {
    const table = sql.table(`${kind}_track`);
    for (const track of kind === 'video' ? preset.videoTracks : preset.audioTracks) {
      const id = await one(sql`INSERT INTO ${table} (preset_id, name, params, created_at, modified_at)
        VALUES (${presetId}, ${track.name}, ${JSON.stringify(track.params)}, ${now}, ${now}) RETURNING id`);
      trackIds[kind].set(track.name, id);
    }
  }
  const profiles = [
    ...preset.videoProfiles.map((p) => ({ kind: 'video' as const, ...p })),
    ...preset.audioProfiles.map((p) => ({ kind: 'audio' as const, segmentDuration: undefined, ...p })),
  ];
  for (const p of profiles) {
    const id =
      p.kind === 'video'
        ? await one(sql`INSERT INTO video_profile (preset_id, name, order_number, segment_duration, condition, created_at, modified_at)
            VALUES (${presetId}, ${p.name}, ${p.orderNumber}, ${p.segmentDuration}, ${JSON.stringify(p.condition)}, ${now}, ${now}) RETURNING id`)
        : await one(sql`INSERT INTO audio_profile (preset_id, name, order_number, condition, created_at, modified_at)
            VALUES (${presetId}, ${p.name}, ${p.orderNumber}, ${JSON.stringify(p.condition)}, ${now}, ${now}) RETURNING id`);
    for (const [index, track] of p.tracks.entries()) {
      await sql`INSERT INTO ${sql.table(`${p.kind}_profile_track`)} (profile_id, preset_id, track_id, order_number)
        VALUES (${id}, ${presetId}, ${trackIds[p.kind].get(track.name)!}, ${index})`.execute(db);
    }
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await insert(db, DEFAULT_PRESET, new Date());
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM preset WHERE name = ${DEFAULT_PRESET.name}`.execute(db);
}
