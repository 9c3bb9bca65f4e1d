// Benchmark (not a test) of video-api's create path: POST /videos -> transaction with an
// outbox row -> relay -> publisher confirm -> job in the queue. Run from the repository root:
//   pnpm exec tsx bench/video-create.ts [count=500] [concurrency=20]
// It creates a temporary database and unique RabbitMQ names, runs the real runtime
// (migrations, relay, consumers) on an ephemeral port with a stub catalog-api, consumes
// the bench job queue, and prints creates/s and p50/p99 of the time from the POST's start
// to the job arriving in the queue. The baseline in the same run: as many direct
// confirm-publishes to RabbitMQ with the same concurrency, timed the same way. Cleans up.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_PRESET, type BrokerTopology } from '../packages/contracts/src/index.js';
import { createTestBroker, createTestDatabase } from '../packages/testkit/src/index.js';
import { loadConfig } from '../services/video-api/src/config.js';
import { startRuntime } from '../services/video-api/src/runtime.js';

type UndiciPool = new (origin: string, opts: { connections: number }) => {
  request(opts: { path: string; method: string; headers: Record<string, string>; body: string }): Promise<{ statusCode: number; body: { json(): Promise<unknown> } }>;
  close(): Promise<void>;
};
// undici is a dependency of the service, not of the repository root.
const requireFromService = createRequire(new URL('../services/video-api/package.json', import.meta.url));
const { Pool } = requireFromService('undici') as { Pool: UndiciPool };

const count = Number(process.argv[2] ?? 500);
const concurrency = Number(process.argv[3] ?? 20);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Runs `count` tasks with at most `concurrency` in flight. */
async function pool(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await task(next++);
  }));
}

async function main(): Promise<void> {
  const [db, broker, dir] = await Promise.all([createTestDatabase('bench_video'), createTestBroker(), mkdtemp(path.join(tmpdir(), 'video-bench-'))]);
  const catalog = http.createServer((req, res) => {
    if (req.url === '/presets/default/snapshot') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(DEFAULT_PRESET));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => catalog.listen(0, '127.0.0.1', resolve));
  const topology: BrokerTopology = {
    jobExchange: broker.name('bench.jobs'),
    jobQueue: broker.name('bench.jobs'),
    routingKey: 'video_transcoding',
    deadLetterExchange: broker.name('bench.dlx'),
    deadLetterQueue: broker.name('bench.dead'),
    eventsExchange: broker.name('bench.events'),
    eventsQueue: broker.name('bench.events.video-api'),
  };
  const config = loadConfig({
    DATABASE_URL: db.url,
    AMQP_URL: broker.url,
    CATALOG_API_URL: `http://127.0.0.1:${(catalog.address() as AddressInfo).port}`,
    VIDEO_RESULTS_URI: `file://${dir}/results`,
    VIDEO_SOURCES_URI: `file://${dir}/sources`,
    LOG_LEVEL: 'warn',
  });
  const runtime = await startRuntime({ config, topology, sweepIntervalMs: 0 });
  const http_ = new Pool(await runtime.app.listen({ port: 0, host: '127.0.0.1' }), { connections: concurrency });
  try {
    while (!runtime.broker.isConnected()) await new Promise((resolve) => setTimeout(resolve, 20));
    const arrived = new Map<string, number>();
    const ch = await broker.connection.createChannel();
    await ch.consume(topology.jobQueue, (msg) => {
      if (!msg) return;
      arrived.set(String(msg.properties.messageId), performance.now());
      ch.ack(msg);
    });
    const waitAll = async (ids: string[]) => {
      while (ids.some((id) => !arrived.has(id))) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    // Warm-up: JIT, pool connections, prepared plans.
    await pool(50, concurrency, async (i) => {
      await http_.request({ path: '/videos', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: `http://93.184.216.34/warm-${i}.mp4` }) }).then((r) => r.body.json());
    });

    const started = new Map<string, number>();
    const responded: number[] = [];
    const t0 = performance.now();
    await pool(count, concurrency, async (i) => {
      const start = performance.now();
      const res = await http_.request({ path: '/videos', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: `http://93.184.216.34/bench-${i}.mp4` }) });
      const video = (await res.body.json()) as { taskId: string };
      if (res.statusCode !== 201) throw new Error(`POST /videos answered ${res.statusCode}`);
      started.set(video.taskId, start);
      responded.push(performance.now() - start);
    });
    const createSeconds = (performance.now() - t0) / 1000;
    await waitAll([...started.keys()]);
    const response = summary(responded);
    const endToEnd = summary([...started].map(([id, start]) => (arrived.get(id) ?? NaN) - start));

    const pub = await broker.connection.createConfirmChannel();
    const baseStarted = new Map<string, number>();
    const t1 = performance.now();
    await pool(count, concurrency, async (i) => {
      const id = `baseline-${i}`;
      baseStarted.set(id, performance.now());
      await new Promise<void>((resolve, reject) =>
        pub.publish(topology.jobExchange, topology.routingKey, Buffer.from(JSON.stringify({ i, preset: DEFAULT_PRESET })), { persistent: true, contentType: 'application/json', messageId: id }, (err) => (err ? reject(err) : resolve())),
      );
    });
    const baseSeconds = (performance.now() - t1) / 1000;
    await waitAll([...baseStarted.keys()]);
    const baseline = summary([...baseStarted].map(([id, start]) => (arrived.get(id) ?? NaN) - start));
    await pub.close();
    await ch.close();

    console.log(`video-api create bench: ${count} requests, concurrency ${concurrency}`);
    console.log(`  POST /videos -> job in queue: ${(count / createSeconds).toFixed(0)} creates/s, p50 ${ms(endToEnd.p50)}, p99 ${ms(endToEnd.p99)}`);
    console.log(`  (of which the 201 response: p50 ${ms(response.p50)}, p99 ${ms(response.p99)})`);
    console.log(`  baseline direct confirm-publish: ${(count / baseSeconds).toFixed(0)} msgs/s, p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}`);
    console.log(`  ratio (create / baseline): p50 x${(endToEnd.p50 / baseline.p50).toFixed(1)}, p99 x${(endToEnd.p99 / baseline.p99).toFixed(1)}, throughput x${(count / baseSeconds / (count / createSeconds)).toFixed(1)} slower`);
  } finally {
    await http_.close();
    await runtime.close();
    await broker.close();
    await new Promise<void>((resolve) => catalog.close(() => resolve()));
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  process.exit(1);
});
