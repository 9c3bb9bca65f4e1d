import type { Db } from './database.js';
import type { PresetRow } from './catalog.table.js';
import { containsPattern } from '../domain/cursor.js';

const columns = ['id', 'seq', 'name', 'created_at', 'modified_at'] as const;

export interface ListOptions {
  limit: number;
  afterSeq?: string | undefined;
  search?: string | undefined;
}

export async function insertPreset(db: Db, name: string, now: Date): Promise<PresetRow> {
  return db.insertInto('preset').values({ name, created_at: now, modified_at: now }).returning(columns).executeTakeFirstOrThrow();
}

export async function findPreset(db: Db, id: string): Promise<PresetRow | undefined> {
  return db.selectFrom('preset').select(columns).where('id', '=', id).executeTakeFirst();
}

/** Fetches one row more than `limit` so the caller knows whether a next page exists. */
export async function listPresets(db: Db, { limit, afterSeq, search }: ListOptions): Promise<PresetRow[]> {
  let query = db.selectFrom('preset').select(columns).orderBy('seq').limit(limit + 1);
  if (afterSeq) query = query.where('seq', '>', afterSeq);
  if (search) query = query.where('name', 'ilike', containsPattern(search));
  return query.execute();
}

export async function renamePreset(db: Db, id: string, name: string, now: Date): Promise<PresetRow | undefined> {
  return db.updateTable('preset').set({ name, modified_at: now }).where('id', '=', id).returning(columns).executeTakeFirst();
}

export async function touchPreset(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('preset').set({ modified_at: now }).where('id', '=', id).execute();
}

export async function deletePreset(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('preset').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
