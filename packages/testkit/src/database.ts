import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireService, testDatabaseUrl } from './endpoints.js';

export interface TestDatabase {
  /** Connection string of a fresh, empty database that only this test file uses. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a uniquely named database (dropped by `drop()`), so test files can run in parallel. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  await requireService('PostgreSQL', adminUrl);
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
