import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DEFAULT_PRESET, type BrokerTopology, type JobMessage } from '@dvt/contracts';
import { createTestBroker, createTestDatabase, type TestBroker, type TestDatabase } from '@dvt/testkit';
import type { Channel, ConsumeMessage } from 'amqplib';
import { pino } from 'pino';
import { Agent, request, type Dispatcher } from 'undici';
import { loadConfig } from '../src/config.js';
import { startRuntime, type Runtime } from '../src/runtime.js';

/** A real HTTP peer standing in for catalog-api: `default` and `small` (default renamed) exist, anything else is 404; `down` answers 503. */
export async function startCatalogStub(): Promise<{ url: string; setDown(down: boolean): void; close(): Promise<void> }> {
  let down = false;
  const server = http.createServer((req, res) => {
    const match = /^\/presets\/([^/]+)\/snapshot$/.exec(req.url ?? '');
    if (down) res.writeHead(503, { 'content-type': 'application/json' }).end('{"statusCode":503}');
    else if (match?.[1] === 'default' || match?.[1] === 'small') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...DEFAULT_PRESET, name: match[1] }));
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404,"error":"Not Found","message":"preset not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setDown: (d) => (down = d),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A TCP proxy to RabbitMQ that a test can stop (every socket cut) and start again on the same port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<{ port: number; stop(): Promise<void>; start(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(target);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  };
  const stop = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return { port, stop, start: listen, close: stop };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Harness {
  runtime: Runtime;
  db: TestDatabase;
  broker: TestBroker;
  topology: BrokerTopology;
  catalog: Awaited<ReturnType<typeof startCatalogStub>>;
  resultsDir: string;
  logs: LogLine[];
  /** http://127.0.0.1:PORT of the listening app. */
  base: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  close(): Promise<void>;
}

export interface Reply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json<T = Record<string, unknown> & { message: string }>(): T;
}

/**
 * A real HTTP request (jest cannot load light-my-request's ESM-only dependency on Node 20,
 * so no inject()), on the harness's own agent so its sockets close with it.
 */
export async function httpRequest(dispatcher: Dispatcher, base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await request(`${base}${path}`, {
    dispatcher,
    method: method as Dispatcher.HttpMethod,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  const flat = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  return { statusCode: res.statusCode, headers: flat, body: text, json: <T>() => JSON.parse(text) as T };
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** AMQP URL the app uses (a proxy); the test's own connection always goes direct. */
  amqpUrl?: (direct: string) => Promise<string> | string;
  relayPollMs?: number;
}

export async function waitUntil<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const [db, broker, catalog, dir] = await Promise.all([createTestDatabase('video_api'), createTestBroker(), startCatalogStub(), mkdtemp(path.join(tmpdir(), 'video-api-'))]);
  const topology: BrokerTopology = {
    jobExchange: broker.name('jobs'),
    jobQueue: broker.name('jobs'),
    routingKey: 'video_transcoding',
    deadLetterExchange: broker.name('dlx'),
    deadLetterQueue: broker.name('dead'),
    eventsExchange: broker.name('events'),
    eventsQueue: broker.name('events.video-api'),
  };
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const config = loadConfig({
    DATABASE_URL: db.url,
    AMQP_URL: o.amqpUrl ? await o.amqpUrl(broker.url) : broker.url,
    CATALOG_API_URL: catalog.url,
    VIDEO_RESULTS_URI: `file://${dir}/results`,
    VIDEO_SOURCES_URI: `file://${dir}/sources`,
    VIDEO_CONNECT_TIMEOUT: '1',
    VIDEO_REQUEST_TIMEOUT: '3',
    LOG_LEVEL: 'info',
    ...o.env,
  });
  let runtime: Runtime;
  try {
    runtime = await startRuntime({ config, topology, logger: pino({ level: 'info', base: { service: 'video-api' } }, sink), relayPollMs: o.relayPollMs ?? 200, sweepIntervalMs: 0 });
  } catch (err) {
    // Leave no database, queue or directory behind when the start fails.
    await Promise.allSettled([broker.close(), catalog.close(), db.drop(), rm(dir, { recursive: true, force: true })]);
    throw err;
  }
  const base = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const agent = new Agent({ connections: 64 });
  const waitForLog = (pred: (l: LogLine) => boolean, timeoutMs = 10_000) => waitUntil(() => logs.find(pred), timeoutMs, 'a log line');
  return {
    runtime,
    db,
    broker,
    topology,
    catalog,
    resultsDir: path.join(dir, 'results'),
    logs,
    base,
    request: (method, p, body, headers) => httpRequest(agent, base, method, p, body, headers),
    waitForLog,
    async close() {
      await agent.close();
      await runtime.close();
      await Promise.all([broker.close(), catalog.close()]);
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the app's broker connection (and so its topology) is up. */
export const brokerReady = (h: Harness) => waitUntil(() => h.runtime.broker.isConnected(), 10_000, 'broker connection');

/** Collects job messages from the test's job queue on its own (direct) connection. */
export async function collectJobs(h: Harness): Promise<{ jobs: JobMessage[]; raw: ConsumeMessage[]; stop(): Promise<void> }> {
  const ch: Channel = await h.broker.connection.createChannel();
  const jobs: JobMessage[] = [];
  const raw: ConsumeMessage[] = [];
  const { consumerTag } = await ch.consume(h.topology.jobQueue, (msg) => {
    if (!msg) return;
    raw.push(msg);
    jobs.push(JSON.parse(msg.content.toString('utf8')) as JobMessage);
    ch.ack(msg);
  });
  return {
    jobs,
    raw,
    async stop() {
      await ch.cancel(consumerTag).catch(() => undefined);
      await ch.close().catch(() => undefined);
    },
  };
}

/** Publishes a worker event the way a worker does. */
export async function publishEvent(h: Harness, event: Record<string, unknown> & { type: string }): Promise<void> {
  const ch = await h.broker.connection.createConfirmChannel();
  ch.publish(h.topology.eventsExchange, `video.${event.type}`, Buffer.from(JSON.stringify(event)), { persistent: true, contentType: 'application/json' });
  await ch.waitForConfirms();
  await ch.close();
}
