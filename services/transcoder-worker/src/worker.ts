import { DEFAULT_TOPOLOGY, parseJobMessage, peekJobIds, type BrokerTopology } from '@dvt/contracts';
import type { ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { errorMessage } from './domain/errors.js';
import { claimWithRetry, handleJob, type JobDeps, type Outcome } from './job/job.handler.js';
import { createVideoApiClient } from './job/video-api.client.js';
import { createRunner, type Runner } from './media/runner.js';
import { JobConsumer } from './messaging/consumer.js';
import { events } from './messaging/events.js';
import { openStorage } from './storage/storage.js';
import { cleanupJob, runResumable } from './strategy/resumable.strategy.js';

export interface WorkerOptions {
  logger: Logger;
  topology?: BrokerTopology;
  runner?: Runner;
  /** test hooks: shorter waits */
  claimBackoffMs?: number[];
  requeueDelayMs?: number;
  reconnectBackoff?: { minMs: number; maxMs: number };
}

export interface Worker {
  consumer: JobConsumer;
  start(): Promise<void>;
  /** Graceful stop: no new deliveries, the running job is aborted, reported `requeued` and nacked back to the queue. */
  stop(): Promise<void>;
}

/** Wires config into the consumer, the job handler and the strategy (no I/O until start). */
export function createWorker(config: Config, o: WorkerOptions): Worker {
  const logger = o.logger;
  const timeouts = { connectSeconds: config.connectTimeout, requestSeconds: config.requestTimeout };
  const temp = openStorage(config.tempUri, timeouts);
  const results = openStorage(config.resultsUri, timeouts);
  const runner = o.runner ?? createRunner(logger);
  const api = createVideoApiClient(config.videoApiUrl, config.workerApiKey, timeouts);
  const shutdown = new AbortController();

  const consumer: JobConsumer = new JobConsumer({
    url: config.amqpUrl,
    topology: o.topology ?? DEFAULT_TOPOLOGY,
    logger,
    handle: (msg) => onMessage(msg),
    backoff: o.reconnectBackoff,
  });

  const deps: JobDeps = {
    api,
    events: consumer,
    logger,
    workerId: config.workerId,
    leaseSeconds: config.leaseSeconds,
    transcodingTimeoutSeconds: config.transcodingTimeout,
    claimBackoffMs: o.claimBackoffMs,
    requeueDelayMs: o.requeueDelayMs,
    run: (job, log) => runResumable({ runner, temp, results, logger: log, chunkDuration: config.chunkDuration, requestTimeout: config.requestTimeout }, job),
    cleanup: (basename, isError) => cleanupJob({ temp, results }, basename, isError),
  };

  async function onMessage(msg: ConsumeMessage): Promise<Outcome> {
    const parsed = parseJobMessage(msg.content);
    if (parsed.ok) return handleJob(deps, parsed.value, shutdown.signal);
    // Poison: dead-letter it, and end the video in `error` when the ids can be read.
    const ids = peekJobIds(msg.content);
    const log = logger.child({ videoId: ids?.videoId, taskId: ids?.taskId });
    log.error({ reason: parsed.error }, 'invalid job message: dead-lettered');
    if (ids) {
      const ref = { ...ids, workerId: config.workerId };
      const claim = await claimWithRetry({ ...deps, logger: log }, ref, shutdown.signal);
      if (claim.result === 'ok') {
        await consumer.publish(events.error(ref, parsed.error)).catch((err) => log.error({ err: errorMessage(err) }, 'error event not published'));
      }
    }
    return 'dead-letter';
  }

  return {
    consumer,
    start: () => consumer.start(),
    async stop() {
      await consumer.cancel();
      shutdown.abort();
      await consumer.stop();
      runner.killAll();
      await Promise.all([api.close(), temp.close(), results.close()]).catch(() => undefined);
    },
  };
}
