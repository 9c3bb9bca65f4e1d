// Benchmark (not a test) of catalog-api's snapshot endpoint, with /health as the
// baseline of the same run. Run from the repository root:
//   pnpm exec tsx bench/catalog-snapshot.ts [seconds=10] [connections=10]
// It creates a temporary database, starts the real service (src/main.ts: migrations,
// pino at warn) in a child process on an ephemeral port, drives it with autocannon from
// this process, prints requests/s and p50/p99 latency, and drops the database.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../packages/testkit/src/index.js';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface Result {
  requests: Histogram & { total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;

// autocannon is a dev dependency of the service, not of the repository root.
const requireFromService = createRequire(new URL('../services/catalog-api/package.json', import.meta.url));
const autocannon = requireFromService('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const main = fileURLToPath(new URL('../services/catalog-api/src/main.ts', import.meta.url));

/** A free port: bound by the OS, then released for the service to take. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startService(databaseUrl: string) {
  const base = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(tsx, [main], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, PORT: new URL(base).port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let ready = false; !ready; ) {
    if (child.exitCode !== null) throw new Error(`catalog-api exited with ${child.exitCode}`);
    ready = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { base, stop };
}

async function run(url: string): Promise<Result> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return result;
}

const database = await createTestDatabase('bench_catalog');
try {
  const service = await startService(database.url);
  try {
    const probe = await fetch(`${service.base}/presets/default/snapshot`);
    console.log(`snapshot document: ${(await probe.arrayBuffer()).byteLength} bytes; ${connections} connections, ${seconds} s per endpoint`);
    await autocannon({ url: `${service.base}/presets/default/snapshot`, connections, duration: 2 }); // warm-up
    const snapshot = await run(`${service.base}/presets/default/snapshot`);
    const health = await run(`${service.base}/health`);
    const line = (name: string, r: Result) =>
      `${name.padEnd(28)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50.toFixed(1).padStart(6)} ms   p99 ${r.latency.p99.toFixed(1).padStart(6)} ms   (${r.requests.total} requests)`;
    console.log(line('GET /presets/default/snapshot', snapshot));
    console.log(line('GET /health (baseline)', health));
    console.log(`snapshot/health throughput ratio: ${(snapshot.requests.average / health.requests.average).toFixed(3)}`);
  } finally {
    await service.stop();
  }
} finally {
  await database.drop();
}
