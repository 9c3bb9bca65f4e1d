import type { Db } from './database.js';
import { linkTable, profileTable, trackTable, type MediaKind, type TrackRow } from './catalog.table.js';
import { containsPattern } from '../domain/cursor.js';
import type { ListOptions } from './preset.repository.js';

const columns = ['id', 'seq', 'preset_id', 'name', 'params', 'created_at', 'modified_at'] as const;

export interface TrackValues {
  presetId: string;
  name: string;
  params: object;
}

export async function insertTrack(db: Db, kind: MediaKind, track: TrackValues, now: Date): Promise<TrackRow> {
  return db
    .insertInto(trackTable(kind))
    .values({ preset_id: track.presetId, name: track.name, params: JSON.stringify(track.params), created_at: now, modified_at: now })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findTrack(db: Db, kind: MediaKind, id: string): Promise<TrackRow | undefined> {
  return db.selectFrom(trackTable(kind)).select(columns).where('id', '=', id).executeTakeFirst();
}

export async function listTracks(db: Db, kind: MediaKind, options: ListOptions & { presetId?: string | undefined }): Promise<TrackRow[]> {
  let query = db.selectFrom(trackTable(kind)).select(columns).orderBy('seq').limit(options.limit + 1);
  if (options.presetId) query = query.where('preset_id', '=', options.presetId);
  if (options.afterSeq) query = query.where('seq', '>', options.afterSeq);
  if (options.search) query = query.where('name', 'ilike', containsPattern(options.search));
  return query.execute();
}

export async function updateTrack(db: Db, kind: MediaKind, id: string, changes: { name?: string | undefined; params: object }, now: Date): Promise<TrackRow | undefined> {
  return db
    .updateTable(trackTable(kind))
    .set({ ...(changes.name === undefined ? {} : { name: changes.name }), params: JSON.stringify(changes.params), modified_at: now })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

/** Deletes the track; the link rows go with it (foreign key cascade) and the profiles that listed it are touched. */
export async function deleteTrack(db: Db, kind: MediaKind, id: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const listing = trx.selectFrom(linkTable(kind)).select('profile_id').where('track_id', '=', id);
    await trx.updateTable(profileTable(kind)).set({ modified_at: now }).where('id', 'in', listing).execute();
    const result = await trx.deleteFrom(trackTable(kind)).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}

/** The ids among `ids` that are tracks of `presetId`. */
export async function trackIdsInPreset(db: Db, kind: MediaKind, presetId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom(trackTable(kind)).select('id').where('preset_id', '=', presetId).where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}
