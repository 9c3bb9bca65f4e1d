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

/**
 * Whether any video still names the upload `key`, however its URL is spelled (another host
 * name, a fragment, a query): an upload shared by several videos stays until the last one goes.
 * The key holds a UUID, so a substring match cannot confuse two uploads, and only
 * [a-z0-9.-] (the storage's key rule), so it needs no LIKE escaping.
 */
export async function uploadInUse(db: Executor, key: string): Promise<boolean> {
  return (await db.selectFrom('videos').select('id').where('source', 'like', `%${key}%`).limit(1).executeTakeFirst()) !== undefined;
}
