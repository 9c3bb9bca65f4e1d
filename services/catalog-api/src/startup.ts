import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { createDb, ensureDatabase, migrateToLatest, type Db } from './db/database.js';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** The configuration, or exit 1 with the one line that names the bad variable. */
export function loadConfigOrExit(): { config: Config; logger: Logger } {
  try {
    const config = loadConfig();
    return { config, logger: pino({ level: config.logLevel, base: { service: 'catalog-api' } }) };
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

/** Creates the database when missing and applies pending migrations; shared by `main` and `migrate`. */
export async function prepareDatabase(config: Config, logger: Logger): Promise<Db> {
  try {
    if (await ensureDatabase(config.databaseUrl)) logger.info({ database: redact(config.databaseUrl) }, 'database created');
  } catch (err) {
    logger.fatal({ err }, `cannot reach the database at ${redact(config.databaseUrl)}`);
    process.exit(1);
  }
  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrateToLatest(db);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
    return db;
  } catch (err) {
    logger.fatal({ err }, 'migration failed');
    await db.destroy();
    process.exit(1);
  }
}
