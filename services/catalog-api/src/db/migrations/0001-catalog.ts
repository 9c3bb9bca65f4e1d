import { sql, type Kysely } from 'kysely';

// Names are slugs, as the API says; the database refuses anything else too.
const slug = sql.raw(`CHECK (name ~ '^[-a-zA-Z0-9_]+$' AND length(name) <= 50)`);

const track = (table: string) => sql`
  CREATE TABLE ${sql.table(table)} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    preset_id uuid NOT NULL REFERENCES preset (id) ON DELETE CASCADE,
    name text NOT NULL ${slug},
    params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    CONSTRAINT ${sql.raw(`${table}_name_key`)} UNIQUE (preset_id, name),
    CONSTRAINT ${sql.raw(`${table}_preset_key`)} UNIQUE (preset_id, id)
  )`;

const profile = (table: string, extra: string) => sql`
  CREATE TABLE ${sql.table(table)} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    preset_id uuid NOT NULL REFERENCES preset (id) ON DELETE CASCADE,
    name text NOT NULL ${slug},
    order_number smallint NOT NULL CHECK (order_number >= 0),
    ${sql.raw(extra)}
    condition jsonb NOT NULL CHECK (jsonb_typeof(condition) = 'object'),
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    CONSTRAINT ${sql.raw(`${table}_name_key`)} UNIQUE (preset_id, name),
    CONSTRAINT ${sql.raw(`${table}_preset_key`)} UNIQUE (preset_id, id)
  )`;

// The composite foreign keys are the rule "a profile's tracks belong to its preset":
// a link names one preset for both its profile and its track.
const link = (table: string, profileTable: string, trackTable: string) => sql`
  CREATE TABLE ${sql.table(table)} (
    profile_id uuid NOT NULL,
    preset_id uuid NOT NULL,
    track_id uuid NOT NULL,
    order_number smallint NOT NULL CHECK (order_number >= 0),
    PRIMARY KEY (profile_id, track_id),
    CONSTRAINT ${sql.raw(`${table}_order_key`)} UNIQUE (profile_id, order_number),
    CONSTRAINT ${sql.raw(`${table}_profile_fkey`)} FOREIGN KEY (preset_id, profile_id)
      REFERENCES ${sql.table(profileTable)} (preset_id, id) ON DELETE CASCADE,
    CONSTRAINT ${sql.raw(`${table}_track_fkey`)} FOREIGN KEY (preset_id, track_id)
      REFERENCES ${sql.table(trackTable)} (preset_id, id) ON DELETE CASCADE
  )`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE preset (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      name text NOT NULL ${slug},
      created_at timestamptz NOT NULL,
      modified_at timestamptz NOT NULL,
      CONSTRAINT preset_name_key UNIQUE (name)
    )`.execute(db);
  await track('video_track').execute(db);
  await track('audio_track').execute(db);
  await profile('video_profile', 'segment_duration double precision NOT NULL CHECK (segment_duration > 0),').execute(db);
  await profile('audio_profile', '').execute(db);
  await link('video_profile_track', 'video_profile', 'video_track').execute(db);
  await link('audio_profile_track', 'audio_profile', 'audio_track').execute(db);
  for (const table of ['video_track', 'audio_track', 'video_profile', 'audio_profile']) {
    await sql`CREATE INDEX ${sql.raw(`${table}_preset_seq_idx`)} ON ${sql.table(table)} (preset_id, seq)`.execute(db);
  }
  await sql`CREATE INDEX video_profile_track_track_idx ON video_profile_track (preset_id, track_id)`.execute(db);
  await sql`CREATE INDEX audio_profile_track_track_idx ON audio_profile_track (preset_id, track_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['video_profile_track', 'audio_profile_track', 'video_profile', 'audio_profile', 'video_track', 'audio_track', 'preset']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
