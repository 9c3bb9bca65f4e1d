import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TOPOLOGY, type BrokerTopology } from '@dvt/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { pino, type Logger } from 'pino';
import { buildApp } from './app.js';
import { createCatalogClient } from './clients/catalog.client.js';
import { createResultsStorage } from './clients/results.storage.js';
import { createSourcesStorage } from './clients/sources.storage.js';
import type { Config } from './config.js';
import { createDb, ensureDatabase, migrate, type Db } from './db/database.js';
import { LeaseService, startPeriodic, startSweeper } from './domain/lease.service.js';
import { probeMedia } from './domain/media-probe.js';
import { UploadService } from './domain/upload.service.js';
import { sweepUploads } from './domain/upload-sweeper.js';
import { recordUpload } from './db/upload.repository.js';
import type { EdgePicker } from './domain/video.dto.js';
import { VideoService } from './domain/video.service.js';
import { Broker } from './messaging/broker.js';
import { QueueConsumer } from './messaging/consumer.js';
import { handleDeadLetter } from './messaging/dead-letter.js';
import { handleWorkerEvent } from './messaging/event-handlers.js';
import { OutboxRelay } from './messaging/outbox-relay.js';

export interface RuntimeOptions {
  config: Config;
  logger?: Logger;
  /** Exchange and queue names; tests pass unique ones. */
  topology?: BrokerTopology;
  relayPollMs?: number;
  pickEdge?: EdgePicker;
  /** 0 disables the periodic sweeper (tests call leases.sweep()). */
  sweepIntervalMs?: number;
}

export interface Runtime {
  app: FastifyInstance;
  db: Db;
  broker: Broker;
  relay: OutboxRelay;
  videos: VideoService;
  leases: LeaseService;
  /** one sweep of uploads no video named within UPLOAD_TTL (also run periodically) */
  sweepUploads(): Promise<number>;
  logger: Logger;
  close(): Promise<void>;
}

export const createLogger = (level: string): Logger => pino({ level, base: { service: 'video-api' } });

/** Wires everything (database migrated, broker connecting, relay, consumers, sweeper, app); does not listen. */
export async function startRuntime(o: RuntimeOptions): Promise<Runtime> {
  const { config } = o;
  const logger = o.logger ?? createLogger(config.logLevel);
  const topology = o.topology ?? DEFAULT_TOPOLOGY;
  await ensureDatabase(config.databaseUrl);
  const db = createDb(config.databaseUrl);
  await migrate(db);
  for (const uri of [config.resultsUri, config.sourcesUri]) if (uri.protocol === 'file:') await mkdir(fileURLToPath(uri), { recursive: true });

  const timeouts = { connectTimeoutMs: config.connectTimeoutMs, requestTimeoutMs: config.requestTimeoutMs };
  const broker = new Broker({ url: config.amqpUrl, topology, logger: logger.child({ component: 'broker' }) });
  // The relay gets its own connections: under load it must not queue behind requests for the pool.
  const relayDb = createDb(config.databaseUrl, 2);
  const relay = new OutboxRelay({ db: relayDb, broker, logger: logger.child({ component: 'relay' }), pollMs: o.relayPollMs });
  const catalog = createCatalogClient({ baseUrl: config.catalogApiUrl, apiKey: config.catalogApiKey, ...timeouts });
  const results = createResultsStorage(config.resultsUri, timeouts);
  const sources = createSourcesStorage(config.sourcesUri, { publicUrl: config.publicUrl, connectTimeoutMs: config.connectTimeoutMs, uploadTimeoutMs: 3_600_000 });
  const uploads = new UploadService({ storage: sources, record: (key) => recordUpload(db, key), probe: (t) => probeMedia(t), maxBytes: config.maxUploadBytes, logger: logger.child({ component: 'uploads' }) });
  const uploadSweep = { db, sources, ttlSeconds: config.uploadTtlSeconds, logger: logger.child({ component: 'uploads' }) };
  const nudgeRelay = () => relay.nudge();
  const ownOrigins = [config.publicUrl, ...config.edges, config.sourcesUri.toString()].flatMap((u) => (u.startsWith('http') ? [new URL(u).origin] : []));
  const videos = new VideoService({ db, catalog, results, sources, nudgeRelay, logger, sourcePolicy: { allowPrivate: config.sourceAllowPrivate, ownOrigins } });
  const leases = new LeaseService({ db, nudgeRelay, logger });

  const eventsLog = logger.child({ component: 'events' });
  const events = new QueueConsumer({ broker, queue: topology.eventsQueue, prefetch: 32, logger: eventsLog, handle: (msg) => handleWorkerEvent({ db, nudgeRelay }, msg.content, eventsLog) });
  const deadLog = logger.child({ component: 'dead-letter' });
  const dead = new QueueConsumer({ broker, queue: topology.deadLetterQueue, prefetch: 8, logger: deadLog, handle: (msg) => handleDeadLetter(db, msg, deadLog) });

  broker.start();
  relay.start();
  const sweepMs = o.sweepIntervalMs ?? config.sweepIntervalMs;
  const sweeper = sweepMs > 0 ? startSweeper(leases, sweepMs, logger) : null;
  // Abandoned uploads are looked for at a quarter of their TTL, at most hourly.
  const uploadSweeper = sweepMs > 0 && config.uploadTtlSeconds > 0 ? startPeriodic('upload sweep', Math.min(config.uploadTtlSeconds * 250, 3_600_000), () => sweepUploads(uploadSweep), logger) : null;

  const readiness = async () => {
    const database = await sql`select 1`
      .execute(db)
      .then(() => 'ok' as const)
      .catch(() => 'down' as const);
    return { database, broker: broker.isConnected() ? ('ok' as const) : ('down' as const) };
  };
  const app = await buildApp({
    logger,
    videos,
    leases,
    readiness,
    playback: { edges: config.edges, videoUrl: config.videoUrl },
    pickEdge: o.pickEdge,
    apiKeys: config.apiKeys,
    workerApiKeys: config.workerApiKeys,
    storages: { results: config.resultsUri, sources: config.sourcesUri },
    publicUrl: config.publicUrl,
    uploads: { service: uploads, maxBytes: config.maxUploadBytes },
  });

  return {
    app,
    db,
    broker,
    relay,
    videos,
    leases,
    sweepUploads: () => sweepUploads(uploadSweep),
    logger,
    async close() {
      await app.close();
      await sweeper?.stop();
      await uploadSweeper?.stop();
      await Promise.all([events.stop(), dead.stop()]);
      await relay.stop();
      await broker.close();
      await Promise.all([catalog.close(), results.close(), sources.close()]);
      await Promise.all([db.destroy(), relayDb.destroy()]);
    },
  };
}
