import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileParser, PresetSnapshot } from '@dvt/contracts';
import { createTestDatabase, type TestDatabase } from '@dvt/testkit';
import { Migrator, sql } from 'kysely';
import { createDb, migrateToLatest, type Db } from '../src/db/database.js';
import { migrationProvider } from '../src/db/migrations/index.js';
import { loadSnapshot } from '../src/db/snapshot.repository.js';
import { videoParams } from './helper.js';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase('catalog_migrations');
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('0003-param-bounds', () => {
  it('clamps values stored before the bounds existed, so their snapshot parses again', async () => {
    const migrator = new Migrator({ db, provider: migrationProvider });
    const before = await migrator.migrateTo('0002-default-preset');
    expect(before.error).toBeUndefined();
    const now = new Date();
    const one = async (q: ReturnType<typeof sql<{ id: string }>>) => (await q.execute(db)).rows[0]!.id;
    const presetId = await one(sql`INSERT INTO preset (name, created_at, modified_at) VALUES ('legacy', ${now}, ${now}) RETURNING id`);
    const trackId = await one(sql`INSERT INTO video_track (preset_id, name, params, created_at, modified_at)
      VALUES (${presetId}, 'v', ${JSON.stringify(videoParams({ frameRate: 0.25, maxRate: 1e20, bufSize: 5e9 }))}, ${now}, ${now}) RETURNING id`);
    const profileId = await one(sql`INSERT INTO video_profile (preset_id, name, order_number, segment_duration, condition, created_at, modified_at)
      VALUES (${presetId}, 'p', 0, 0.1, ${JSON.stringify({ minWidth: 1e20, minHeight: 0, minBitrate: 0, minFrameRate: 0, minDar: 2, maxDar: 1.5 })}, ${now}, ${now}) RETURNING id`);
    await sql`INSERT INTO video_profile_track (profile_id, preset_id, track_id, order_number) VALUES (${profileId}, ${presetId}, ${trackId}, 0)`.execute(db);
    const parse = compileParser(PresetSnapshot, 'snapshot');
    expect(parse(await loadSnapshot(db, { name: 'legacy' })).ok).toBe(false);

    expect(await migrateToLatest(db)).toEqual(['0003-param-bounds']);
    const snapshot = await loadSnapshot(db, { name: 'legacy' });
    expect(parse(snapshot)).toMatchObject({ ok: true });
    expect(snapshot?.videoTracks[0]?.params).toMatchObject({ frameRate: 1, maxRate: 1_000_000_000, bufSize: 2_000_000_000 });
    expect(snapshot?.videoProfiles[0]).toMatchObject({ segmentDuration: 0.5, condition: { minWidth: 16_384, minDar: 1.5, maxDar: 2 } });
    // the default preset is untouched
    expect(parse(await loadSnapshot(db, { name: 'default' }))).toMatchObject({ ok: true });
  });
});
