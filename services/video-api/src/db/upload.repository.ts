import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function recordUpload(db: Executor, key: string): Promise<void> {
  await db.insertInto('uploads').values({ key }).onConflict((c) => c.column('key').doNothing()).execute();
}

export async function forgetUpload(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('uploads').where('key', '=', key).execute();
}

/** Uploads older than `ttlSeconds` that no video names (under any spelling of their URL). */
export async function abandonedUploads(db: Executor, ttlSeconds: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('uploads as u')
    .select('u.key')
    .where('u.created_at', '<', new Date(Date.now() - ttlSeconds * 1000))
    // Keys hold only [a-z0-9.-], so they need no LIKE escaping.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('videos').select('videos.id').where('videos.source', 'like', sql<string>`'%' || u.key || '%'`))))
    .orderBy('u.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.key);
}
