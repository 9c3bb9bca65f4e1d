import { pino } from 'pino';
import { loadConfig, type Config } from './config.js';
import { createDb, ensureDatabase, migrateToLatest } from './db/database.js';

// Creates the database when missing and applies pending migrations, then exits.
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const logger = pino({ level: config.logLevel, base: { service: 'catalog-api' } });
const db = createDb(config.databaseUrl);
try {
  await ensureDatabase(config.databaseUrl);
  const applied = await migrateToLatest(db);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
} catch (err) {
  logger.fatal({ err }, 'migration failed');
  process.exitCode = 1;
} finally {
  await db.destroy();
}
