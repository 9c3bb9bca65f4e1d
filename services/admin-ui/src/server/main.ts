import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const logger = pino({ level: config.LOG_LEVEL, base: { service: 'admin-ui' } });
let app;
try {
  app = await buildApp({ config, logger });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  await app.close();
});

await app.listen({ port: config.PORT, host: config.HOST });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
logger.info({ url: `http://${shownHost}:${port}/` }, `admin UI at http://${shownHost}:${port}/`);
