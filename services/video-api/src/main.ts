import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig } from './config.js';
import { startRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await startRuntime({ config });
  closeWithGrace({ delay: 15_000, logger: runtime.logger }, async ({ signal, err }) => {
    if (err) runtime.logger.error({ err }, 'closing after an error');
    else runtime.logger.info({ signal }, 'shutting down');
    await runtime.close();
  });
  await runtime.app.listen({ port: config.port, host: config.host });
}

main().catch((err: Error) => {
  // One line: a bad variable, or a server that is not there.
  console.error(err instanceof ConfigError ? err.message : `video-api failed to start: ${err.message}`);
  process.exit(1);
});
