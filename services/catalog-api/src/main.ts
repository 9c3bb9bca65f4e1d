import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfigOrExit, prepareDatabase } from './startup.js';

const { config, logger } = loadConfigOrExit();
const db = await prepareDatabase(config, logger);

const app = await buildApp({ db, apiKeys: config.apiKeys, logger });
if (config.apiKeys.length === 0) logger.warn('API_KEYS is empty: the API accepts requests without a key');

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing');
  await app.close();
  await db.destroy();
});

await app.listen({ port: config.port, host: config.host });
