import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { createDb, ensureDatabase, migrateToLatest } from './db/database.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const logger = pino({ level: config.logLevel, base: { service: 'catalog-api' } });
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

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
} catch (err) {
  logger.fatal({ err }, 'migration failed');
  await db.destroy();
  process.exit(1);
}

const app = await buildApp({ db, apiKeys: config.apiKeys, logger });
if (config.apiKeys.length === 0) logger.warn('API_KEYS is empty: the API accepts requests without a key');

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing');
  await app.close();
  await db.destroy();
});

await app.listen({ port: config.port, host: config.host });
