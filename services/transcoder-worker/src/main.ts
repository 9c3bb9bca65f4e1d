import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createWorker } from './worker.js';

let config: Readonly<Config>;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`transcoder-worker: ${err.message}\n`);
  process.exit(1);
}

const logger = pino({ level: config.logLevel, base: { service: 'transcoder-worker', workerId: config.workerId } });
const worker = createWorker(config, { logger });

// SIGTERM/SIGINT: ffmpeg killed, `requeued` published, delivery nacked back to the queue, exit 0 within 10 s.
closeWithGrace({ delay: 9000, logger: { error: (m: unknown) => logger.error(m) } }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'fatal error, stopping');
  else logger.info({ signal }, 'stopping');
  await worker.stop();
  logger.info('stopped');
});

await worker.start();
