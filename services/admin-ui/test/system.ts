/**
 * The whole system for the admin UI's end-to-end tests: catalog-api, video-api,
 * transcoder-worker and the admin-ui server as real processes (run from their
 * TypeScript sources with tsx), on fresh databases, a fresh RabbitMQ virtual host
 * and file storage in a temp dir. When the launcher (packages/launcher) can start
 * processes for tests, `startSystem` is the one function to swap.
 */
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestDatabase, createTestVhost, freePort, type TestDatabase, type TestVhost } from '@dvt/testkit';

export { freePort };
import { execa, type ResultPromise } from 'execa';

const here = path.dirname(fileURLToPath(import.meta.url));
export const uiDir = path.resolve(here, '..');
export const repoRoot = path.resolve(uiDir, '../..');
export const resultsDir = path.join(uiDir, 'test-results');

export interface System {
  uiUrl: string;
  catalogUrl: string;
  videoUrl: string;
  /** Where each process writes its log (kept after the run). */
  logDir: string;
  stop(): Promise<void>;
}

interface Child {
  name: string;
  process: ResultPromise;
  log: WriteStream;
  logFile: string;
  exited: Promise<string>;
}

/** Fails with one clear line when a service has not been written yet. */
function requireEntry(service: string, file: string): string {
  const entry = path.join(repoRoot, 'services', service, file);
  if (!existsSync(entry)) throw new Error(`${service} is missing: ${path.relative(repoRoot, entry)} does not exist, and the admin UI e2e test needs the real service`);
  return entry;
}

// Variables that must come from us, never from the jest process (see launcher PER_SERVICE_VARIABLES).
const NOT_INHERITED = ['PORT', 'HOST', 'DATABASE_URL', 'AMQP_URL', 'API_KEYS', 'NODE_OPTIONS', 'CATALOG_API_URL', 'VIDEO_API_URL'];

function spawn(name: string, entry: string, env: Record<string, string>, logDir: string): Child {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !NOT_INHERITED.includes(k)));
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  log.write(`# ${new Date().toISOString()} starting ${path.relative(repoRoot, entry)}\n`);
  const child = execa(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...base, LOG_LEVEL: 'info', ...env },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    buffer: false,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = child.then((r) => `${name} exited (code ${r.exitCode ?? 'none'}, signal ${r.signal ?? 'none'})`);
  return { name, process: child, log, logFile, exited };
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Resolves when `url` answers 2xx; rejects with the service's log tail if it exits or times out. */
async function waitReady(child: Child, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  void child.exited.then((why) => (exited = why));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${exited} before ${url} answered. Last log lines (${child.logFile}):\n${await tail(child.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms. Last log lines (${child.logFile}):\n${await tail(child.logFile)}`);
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode === null) {
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), 8_000);
    await child.exited;
    clearTimeout(timer);
  }
  child.log.end();
}

/** Builds the SPA into `outDir` (the same `vite build` the package's build runs). */
export async function buildSpa(outDir: string): Promise<void> {
  await execa(path.join(uiDir, 'node_modules', '.bin', 'vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: uiDir, env: { NODE_OPTIONS: '' } });
}

export interface SystemOptions {
  /** Names this run's log folder (test-results/logs/NAME), so test files running in parallel keep theirs apart. */
  name?: string;
  /** seconds per transcoding chunk (small, so a short source still makes several) */
  chunkDuration?: number;
  /** When set, both APIs require it as a bearer key (API_KEYS). */
  apiKey?: string;
}

export async function startSystem(options: SystemOptions = {}): Promise<System> {
  // Check every entry first, so a missing service fails before anything starts.
  const entries = {
    catalog: requireEntry('catalog-api', 'src/main.ts'),
    video: requireEntry('video-api', 'src/main.ts'),
    worker: requireEntry('transcoder-worker', 'src/main.ts'),
    ui: requireEntry('admin-ui', 'src/server/main.ts'),
  };
  const tmp = await mkdtemp(path.join(tmpdir(), 'dvt-admin-ui-e2e-'));
  const logDir = path.join(resultsDir, 'logs', options.name ?? `run-${process.pid}`);
  mkdirSync(logDir, { recursive: true });
  const children: Child[] = [];
  const databases: TestDatabase[] = [];
  let vhost: TestVhost | undefined;

  const stop = async () => {
    // The UI and the worker first (the worker hands its job back), then the APIs; in parallel within each step.
    const first = children.filter((c) => c.name === 'admin-ui' || c.name === 'transcoder-worker');
    await Promise.all(first.map(stopChild));
    await Promise.all(children.filter((c) => !first.includes(c)).map(stopChild));
    await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
    await vhost?.drop().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  };

  try {
    const staticDir = path.join(tmp, 'public');
    const [catalogDb, videoDb, vh] = await Promise.all([createTestDatabase('ui_catalog'), createTestDatabase('ui_video'), createTestVhost('ui_e2e'), buildSpa(staticDir)]);
    databases.push(catalogDb, videoDb);
    vhost = vh;
    const [catalogPort, videoPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    const catalogUrl = `http://127.0.0.1:${catalogPort}`;
    const videoUrl = `http://127.0.0.1:${videoPort}`;
    const uiUrl = `http://127.0.0.1:${uiPort}`;
    const storage = (sub: string) => {
      mkdirSync(path.join(tmp, sub), { recursive: true });
      return pathToFileURL(path.join(tmp, sub)).href;
    };

    const keys: Record<string, string> = options.apiKey ? { API_KEYS: options.apiKey, CATALOG_API_KEY: options.apiKey } : {};
    const catalog = spawn('catalog-api', entries.catalog, { PORT: String(catalogPort), HOST: '127.0.0.1', DATABASE_URL: catalogDb.url, ...keys }, logDir);
    children.push(catalog);
    const video = spawn(
      'video-api',
      entries.video,
      {
        PORT: String(videoPort),
        HOST: '127.0.0.1',
        DATABASE_URL: videoDb.url,
        AMQP_URL: vhost.url,
        CATALOG_API_URL: catalogUrl,
        ...keys,
        PUBLIC_URL: videoUrl,
        VIDEO_SOURCES_URI: storage('sources'),
        VIDEO_RESULTS_URI: storage('results'),
        SWEEP_INTERVAL: '2',
      },
      logDir,
    );
    children.push(video);
    // The UI server needs neither API to start; the worker waits for video-api's topology.
    const ui = spawn('admin-ui', entries.ui, { PORT: String(uiPort), HOST: '127.0.0.1', CATALOG_API_URL: catalogUrl, VIDEO_API_URL: videoUrl, UI_STATIC_DIR: staticDir }, logDir);
    children.push(ui);
    const uiReady = waitReady(ui, `${uiUrl}/`);
    uiReady.catch(() => undefined);
    await Promise.all([waitReady(catalog, `${catalogUrl}/ready`), waitReady(video, `${videoUrl}/ready`)]);

    children.push(
      spawn(
        'transcoder-worker',
        entries.worker,
        {
          AMQP_URL: vhost.url,
          VIDEO_API_URL: videoUrl,
          VIDEO_TEMP_URI: storage('tmp'),
          VIDEO_RESULTS_URI: storage('results'),
          VIDEO_CHUNK_DURATION: String(options.chunkDuration ?? 2),
          WORKER_ID: `admin-ui-e2e-${process.pid}`,
        },
        logDir,
      ),
    );
    await uiReady;
    return { uiUrl, catalogUrl, videoUrl, logDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
