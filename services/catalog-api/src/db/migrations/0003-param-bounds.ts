import { sql, type Kysely } from 'kysely';

/**
 * The API's bounds on rates, sizes, frame rates and conditions were tightened after
 * presets could already be stored with values past them. Such a preset would now fail
 * the snapshot's schema wherever it is read (video-api, the worker), so its values are
 * clamped into the bounds here, once; minDar above maxDar is swapped. Self-contained:
 * the numbers are the ones of this migration, whatever the contracts say later.
 */
const clamps: { table: string; column: string; key: string; op: '<' | '>'; limit: number }[] = [
  { table: 'video_track', column: 'params', key: 'frameRate', op: '<', limit: 1 },
  { table: 'video_track', column: 'params', key: 'maxRate', op: '>', limit: 1_000_000_000 },
  { table: 'video_track', column: 'params', key: 'bufSize', op: '>', limit: 2_000_000_000 },
  ...['minWidth', 'minHeight'].map((key) => ({ table: 'video_profile', column: 'condition', key, op: '>' as const, limit: 16_384 })),
  { table: 'video_profile', column: 'condition', key: 'minBitrate', op: '>', limit: 10_000_000_000 },
  { table: 'video_profile', column: 'condition', key: 'minFrameRate', op: '>', limit: 1000 },
  ...['minDar', 'maxDar'].map((key) => ({ table: 'video_profile', column: 'condition', key, op: '>' as const, limit: 100 })),
  { table: 'audio_profile', column: 'condition', key: 'minBitrate', op: '>', limit: 100_000_000 },
  { table: 'audio_profile', column: 'condition', key: 'minSampleRate', op: '>', limit: 384_000 },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const c of clamps) {
    const column = sql.ref(c.column);
    await sql`UPDATE ${sql.table(c.table)} SET ${column} = jsonb_set(${column}, ${sql.lit(`{${c.key}}`)}, ${sql.lit(String(c.limit))}::jsonb)
      WHERE jsonb_typeof(${column} -> ${sql.lit(c.key)}) = 'number' AND (${column} ->> ${sql.lit(c.key)})::numeric ${sql.raw(c.op)} ${sql.lit(c.limit)}`.execute(db);
  }
  await sql`UPDATE video_profile SET segment_duration = 0.5 WHERE segment_duration < 0.5`.execute(db);
  await sql`UPDATE video_profile SET condition = condition || jsonb_build_object('minDar', condition -> 'maxDar', 'maxDar', condition -> 'minDar')
    WHERE (condition ->> 'minDar')::numeric > 0 AND (condition ->> 'maxDar')::numeric > 0 AND (condition ->> 'minDar')::numeric > (condition ->> 'maxDar')::numeric`.execute(db);
}

export async function down(): Promise<void> {
  // Clamped values cannot be restored; nothing to undo structurally.
}
