import { sql } from 'kysely';
import type { Db } from './database.js';
import { linkTable, profileTable, type MediaKind, type ProfileRow } from './catalog.table.js';
import { containsPattern } from '../domain/cursor.js';
import type { ListOptions } from './preset.repository.js';

const columns = ['id', 'seq', 'preset_id', 'name', 'order_number', 'condition', 'created_at', 'modified_at'] as const;

export interface ProfileValues {
  presetId: string;
  name: string;
  orderNumber: number;
  condition: object;
  /** Video profiles only. */
  segmentDuration?: number | undefined;
}

export type ProfileChanges = Partial<Omit<ProfileValues, 'presetId'>>;

/** Profile rows with their ordered track ids. */
export type ProfileWithTracks = ProfileRow & { tracks: string[] };

function selectProfiles(db: Db, kind: MediaKind) {
  return db
    .selectFrom(profileTable(kind))
    .select(columns)
    .$if(kind === 'video', (qb) => qb.select(sql<number>`segment_duration`.as('segment_duration')));
}

export async function insertProfile(db: Db, kind: MediaKind, p: ProfileValues, now: Date): Promise<string> {
  const values = { preset_id: p.presetId, name: p.name, order_number: p.orderNumber, condition: JSON.stringify(p.condition), created_at: now, modified_at: now };
  const row =
    kind === 'video'
      ? await db.insertInto('video_profile').values({ ...values, segment_duration: p.segmentDuration ?? 0 }).returning('id').executeTakeFirstOrThrow()
      : await db.insertInto('audio_profile').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProfile(db: Db, kind: MediaKind, id: string, c: ProfileChanges, now: Date): Promise<boolean> {
  const set = {
    modified_at: now,
    ...(c.name === undefined ? {} : { name: c.name }),
    ...(c.orderNumber === undefined ? {} : { order_number: c.orderNumber }),
    ...(c.condition === undefined ? {} : { condition: JSON.stringify(c.condition) }),
  };
  const result =
    kind === 'video'
      ? await db
          .updateTable('video_profile')
          .set({ ...set, ...(c.segmentDuration === undefined ? {} : { segment_duration: c.segmentDuration }) })
          .where('id', '=', id)
          .executeTakeFirst()
      : await db.updateTable('audio_profile').set(set).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces the profile's tracks by `trackIds`, in that order. */
export async function setProfileTracks(db: Db, kind: MediaKind, profileId: string, presetId: string, trackIds: readonly string[]): Promise<void> {
  await db.deleteFrom(linkTable(kind)).where('profile_id', '=', profileId).execute();
  if (trackIds.length === 0) return;
  await db
    .insertInto(linkTable(kind))
    .values(trackIds.map((trackId, index) => ({ profile_id: profileId, preset_id: presetId, track_id: trackId, order_number: index })))
    .execute();
}

/** Ordered track ids of each profile. */
export async function tracksOfProfiles(db: Db, kind: MediaKind, profileIds: readonly string[]): Promise<Map<string, string[]>> {
  const byProfile = new Map<string, string[]>(profileIds.map((id) => [id, []]));
  if (profileIds.length === 0) return byProfile;
  const links = await db
    .selectFrom(linkTable(kind))
    .select(['profile_id', 'track_id'])
    .where('profile_id', 'in', [...profileIds])
    .orderBy('profile_id')
    .orderBy('order_number')
    .execute();
  for (const link of links) byProfile.get(link.profile_id)?.push(link.track_id);
  return byProfile;
}

async function withTracks(db: Db, kind: MediaKind, rows: ProfileRow[]): Promise<ProfileWithTracks[]> {
  const tracks = await tracksOfProfiles(db, kind, rows.map((r) => r.id));
  return rows.map((row) => ({ ...row, tracks: tracks.get(row.id) ?? [] }));
}

export async function findProfile(db: Db, kind: MediaKind, id: string): Promise<ProfileWithTracks | undefined> {
  const row = await selectProfiles(db, kind).where('id', '=', id).executeTakeFirst();
  return row ? (await withTracks(db, kind, [row]))[0] : undefined;
}

export async function listProfiles(db: Db, kind: MediaKind, options: ListOptions & { presetId?: string | undefined }): Promise<ProfileWithTracks[]> {
  let query = selectProfiles(db, kind).orderBy('seq').limit(options.limit + 1);
  if (options.presetId) query = query.where('preset_id', '=', options.presetId);
  if (options.afterSeq) query = query.where('seq', '>', options.afterSeq);
  if (options.search) query = query.where('name', 'ilike', containsPattern(options.search));
  return withTracks(db, kind, await query.execute());
}

export async function deleteProfile(db: Db, kind: MediaKind, id: string): Promise<boolean> {
  const result = await db.deleteFrom(profileTable(kind)).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
