import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kysely, Migrator, PostgresDialect, sql, type Generated, type Migration } from 'kysely';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../src/index.js';

interface Db {
  presets: { id: Generated<string>; name: string; created_at: Generated<Date> };
}

const migrations: Record<string, Migration> = {
  '0001_presets': {
    async up(db) {
      await db.schema
        .createTable('presets')
        .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};

describe('PostgreSQL harness', () => {
  let database: TestDatabase;
  let db: Kysely<Db>;

  beforeAll(async () => {
    database = await createTestDatabase('harness');
    db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('migrates a fresh database and queries it', async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error, results } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0001_presets', 'Success']]);

    await db.insertInto('presets').values({ name: 'default' }).execute();
    const rows = await db.selectFrom('presets').select(['name']).execute();
    expect(rows).toEqual([{ name: 'default' }]);
    await expect(db.insertInto('presets').values({ name: 'default' }).execute()).rejects.toThrow(/duplicate key/);
  });

  it('gives each test file its own database', () => {
    expect(database.name).toMatch(/^harness_\d+_[0-9a-f]{8}$/);
    expect(new URL(database.url).pathname).toBe(`/${database.name}`);
  });
});
