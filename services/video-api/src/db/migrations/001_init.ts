import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('videos')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'queued', 'process', 'done', 'error')`))
    .addColumn('error', 'text')
    .addColumn('task_id', 'uuid')
    .addColumn('basename', 'uuid', (c) => c.notNull().unique())
    .addColumn('preset', 'text', (c) => c.notNull())
    .addColumn('preset_snapshot', 'jsonb')
    .addColumn('metadata', 'jsonb')
    .addColumn('duration', 'double precision')
    .addColumn('progress_phase', 'text')
    .addColumn('progress_percent', 'double precision')
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('worker_id', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('modified_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('videos_status_seq').on('videos').columns(['status', 'seq']).execute();
  await db.schema.createIndex('videos_process_lease').on('videos').column('lease_expires_at').where(sql.ref('status'), '=', 'process').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('video_id', 'uuid', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').column('id').where(sql.ref('sent_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('videos').execute();
}
