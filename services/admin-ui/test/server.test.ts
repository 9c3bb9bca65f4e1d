import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { execa, type ResultPromise } from 'execa';
import { loadConfig } from '../src/server/config.js';
import { freePort, repoRoot, uiDir } from './system.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  bytes: number;
}

/** A stand-in upstream that reports what reached it (the proxy is what is under test here). */
async function echoServer(): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => {
    let bytes = 0;
    payload.on('data', (c: Buffer) => (bytes += c.length));
    payload.on('end', () => done(null, bytes));
    payload.on('error', done);
  });
  app.all('/*', async (req): Promise<Seen> => ({ method: req.method, url: req.url, authorization: req.headers.authorization, bytes: (req.body as number | undefined) ?? 0 }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

interface Server {
  url: string;
  process: ResultPromise;
  output(): string;
}

/** The real entry point (src/server/main.ts) as its own process, as the launcher runs it. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  let output = '';
  const child = execa(process.execPath, ['--import', 'tsx', path.join(uiDir, 'src/server/main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    extendEnv: false,
    reject: false,
    all: true,
  });
  child.all?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: under a loaded parallel run, tsx may take many seconds to compile the server.
  const deadline = Date.now() + 40_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { url, process: child, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.exitCode === null) child.kill('SIGKILL');
  await child;
  throw new Error(`admin-ui server did not start: ${output}`);
}

const stopServer = async (s: Server | undefined) => {
  if (!s) return;
  s.process.kill('SIGTERM');
  await s.process;
};

const inject = async (base: string, opts: { method: string; url: string; headers?: Record<string, string>; payload?: Buffer }) => {
  const res = await fetch(base + opts.url, { method: opts.method, headers: opts.headers, body: opts.payload ? new Uint8Array(opts.payload) : undefined });
  const body = await res.text();
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), body, json: () => JSON.parse(body) };
};

// Each test may start the server process (tsx compiles it): slow when the machine is busy.
jest.setTimeout(60_000);

describe('admin-ui server', () => {
  let catalog: Awaited<ReturnType<typeof echoServer>>;
  let video: Awaited<ReturnType<typeof echoServer>>;
  let server: Server | undefined;
  let staticDir: string;
  const ui = { inject: (opts: Parameters<typeof inject>[1]) => inject(server?.url ?? '', opts) };

  beforeAll(async () => {
    [catalog, video] = await Promise.all([echoServer(), echoServer()]);
    staticDir = await mkdtemp(path.join(tmpdir(), 'dvt-ui-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
    server = await startServer({ CATALOG_API_URL: catalog.url, VIDEO_API_URL: video.url, UI_STATIC_DIR: staticDir });
  }, 60_000);
  afterAll(async () => {
    await stopServer(server);
    await Promise.all([catalog?.app.close(), video?.app.close()]);
    await rm(staticDir, { recursive: true, force: true });
  });

  it('proxies /api/catalog/* to catalog-api with the query and the bearer key', async () => {
    const res = await ui.inject({ method: 'GET', url: '/api/catalog/presets?search=x&limit=5', headers: { authorization: 'Bearer k1' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ method: 'GET', url: '/presets?search=x&limit=5', authorization: 'Bearer k1', bytes: 0 });
  });

  it('streams an upload body larger than fastify’s default body limit to video-api', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    const res = await ui.inject({ method: 'POST', url: '/api/video/uploads?filename=a.mp4', headers: { 'content-type': 'application/octet-stream' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ method: 'POST', url: '/uploads?filename=a.mp4', bytes: body.length });
  });

  it('proxies /media/* to video-api /media/*', async () => {
    const res = await ui.inject({ method: 'GET', url: '/media/results/abc/index.m3u8' });
    expect(res.json()).toMatchObject({ url: '/media/results/abc/index.m3u8' });
  });

  it('serves the SPA (revalidated) and the settings the browser needs', async () => {
    const index = await ui.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toContain('<title>ui</title>');
    const settings = await ui.inject({ method: 'GET', url: '/ui-settings.json' });
    expect(settings.json()).toEqual({ proxiedMediaBases: [`${video.url}/media`] });
  });

  it('answers 502 naming the API when it is unreachable', async () => {
    const port = await freePort();
    const down = await startServer({ CATALOG_API_URL: `http://127.0.0.1:${port}`, VIDEO_API_URL: video.url, UI_STATIC_DIR: staticDir });
    try {
      const res = await inject(down.url, { method: 'GET', url: '/api/catalog/presets' });
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ statusCode: 502, error: 'Bad Gateway' });
      expect(res.json().message).toMatch(new RegExp(`^catalog-api \\(http://127.0.0.1:${port}\\) did not answer: .*ECONNREFUSED`));
    } finally {
      await stopServer(down);
    }
  });

  it('refuses to start without a built SPA, saying how to build it', async () => {
    await expect(startServer({ UI_STATIC_DIR: path.join(staticDir, 'nope') })).rejects.toThrow(
      /no built SPA in .*nope \(run `pnpm --filter @dvt\/admin-ui exec vite build`\)/,
    );
  });
});

describe('config', () => {
  it('applies the documented defaults and trims trailing slashes', () => {
    const c = loadConfig({ VIDEO_API_URL: 'http://v:1/' });
    expect(c).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', CATALOG_API_URL: 'http://127.0.0.1:3001', VIDEO_API_URL: 'http://v:1' });
  });
  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow('admin-ui: invalid configuration: env/PORT must be integer');
    expect(() => loadConfig({ CATALOG_API_URL: 'ftp://x' })).toThrow(/env\/CATALOG_API_URL must match pattern/);
  });
});
