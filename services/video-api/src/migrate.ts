import { ConfigError, loadConfig } from './config.js';
import { createDb, ensureDatabase, migrate } from './db/database.js';

/** `node dist/src/migrate.js`: create the database if missing and apply migrations, then exit. */
async function run(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const db = createDb(config.databaseUrl, 1);
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `video-api: applied ${applied.join(', ')}` : 'video-api: database is up to date');
  } finally {
    await db.destroy();
  }
}

run().catch((err: Error) => {
  console.error(err instanceof ConfigError ? err.message : `video-api migration failed: ${err.message}`);
  process.exit(1);
});
