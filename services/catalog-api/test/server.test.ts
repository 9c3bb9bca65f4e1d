import { DEFAULT_PRESET } from '@dvt/contracts';
import { createTestDatabase, testDatabaseUrl } from '@dvt/testkit';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { createDb } from '../src/db/database.js';
import { call, setupCatalog, type Catalog } from './helper.js';

let c: Catalog;
beforeAll(async () => {
  c = await setupCatalog({ apiKeys: ['k1', 'k2'] });
});
afterAll(async () => {
  await c.close();
});

describe('OpenAPI', () => {
  it('documents every route with tags, summary and error responses, and validates as OpenAPI 3.1', async () => {
    const doc = c.app.swagger() as unknown as { openapi: string; paths: Record<string, Record<string, { tags?: string[]; summary?: string; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(await validateOpenApi(doc)).toBe('valid OpenAPI 3.1.0');

    const expected = ['/presets', '/presets/{id}', '/presets/{idOrName}/snapshot', '/presets/{idOrName}/export', '/presets/import', '/health', '/ready'];
    for (const kind of ['video-tracks', 'audio-tracks', 'video-profiles', 'audio-profiles']) expected.push(`/${kind}`, `/${kind}/{id}`);
    expect(Object.keys(doc.paths).sort()).toEqual(expected.sort());
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect({ path, method, tags: op.tags?.length, summary: typeof op.summary }).toEqual({ path, method, tags: 1, summary: 'string' });
        if (!['/health', '/ready'].includes(path)) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '503']));
      }
    }
    expect(Object.keys(doc.paths['/presets/{id}']!.get!.responses)).toEqual(expect.arrayContaining(['200', '404']));
    expect(Object.keys(doc.paths['/video-tracks']!.post!.responses)).toEqual(expect.arrayContaining(['201', '409', '413']));
    const limit = (doc.paths['/presets']!.get as unknown as { parameters: { name: string; required: boolean }[] }).parameters.find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ required: false, schema: { default: 50, maximum: 500 } });
  });

  it('serves the document at /docs/json without an API key', async () => {
    const res = await call(c, 'GET', '/docs/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: '3.1.0', info: { title: 'catalog-api' } });
  });
});

describe('health, readiness and auth', () => {
  it('answers /health and /ready without a key, and refuses other routes without one', async () => {
    expect(await call(c, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call(c, 'GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: 'ok' } } });
    const refused = await call(c, 'GET', '/presets/default/snapshot');
    expect(refused).toMatchObject({ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'missing API key: send "Authorization: Bearer <key>"' } });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(c, 'GET', '/presets/default/snapshot', undefined, { authorization: 'Bearer k2' })).status).toBe(200);
    expect((await call(c, 'GET', '/presets/default/snapshot', undefined, { authorization: 'bearer k1' })).status).toBe(200);
  });

  it('answers 503 on /ready and on data routes when the database is unreachable', async () => {
    const closed = await closedPort();
    const db = createDb(`postgres://postgres@127.0.0.1:${closed}/nothing`, { connectTimeoutMs: 1000 });
    const app = await buildApp({ db, docsUi: false });
    try {
      const down = { base: await app.listen({ port: 0, host: '127.0.0.1' }) } as Catalog;
      expect(await call(down, 'GET', '/health')).toMatchObject({ status: 200 });
      expect(await call(down, 'GET', '/ready')).toMatchObject({ status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'not ready: the database is unreachable' } });
      const data = await call(down, 'GET', '/presets');
      expect(data).toMatchObject({ status: 503, body: { statusCode: 503, message: 'the database is unavailable, try again later' } });
      expect(data.text).not.toMatch(/ECONNREFUSED|at .*\.js/);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});

const validator = fileURLToPath(new URL('./support/validate-openapi.mjs', import.meta.url));

/** SwaggerParser.validate on a copy of the document, in a child Node process (see the script). */
function validateOpenApi(doc: unknown): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [validator], { cwd: fileURLToPath(new URL('..', import.meta.url)) }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`.trim()));
    child.stdin!.end(JSON.stringify(doc));
  });
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const mainTs = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(tsx, [mainTs], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('main', () => {
  it('fails to start with one line naming a bad variable', async () => {
    const { output, exited } = start({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(await exited).toBe(1);
    expect(output().trim()).toBe('invalid configuration: env/PORT must be integer, env/LOG_LEVEL must be equal to one of the allowed values');
  });

  it('creates its database, migrates, serves real HTTP (with the docs UI) and shuts down on SIGTERM', async () => {
    const name = `catalog_main_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    const server = start({ DATABASE_URL: url.toString(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', API_KEYS: 'secret' });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output());
          if (found) {
            clearInterval(timer);
            resolve(found[1]!);
          }
        }, 50);
        void server.exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`main exited with ${code}: ${server.output()}`));
        });
      });
      const snapshot = await fetch(`${base}/presets/default/snapshot`, { headers: { authorization: 'Bearer secret' } });
      expect(snapshot.status).toBe(200);
      expect(await snapshot.json()).toEqual(DEFAULT_PRESET);
      const ui = await fetch(`${base}/docs/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
      expect(((await (await fetch(`${base}/docs/json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
      expect(server.output()).toContain('"service":"catalog-api"');
      expect(server.output()).toContain('database created');

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('"signal":"SIGTERM"');
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('leaves an existing database as it is', async () => {
    const database = await createTestDatabase('catalog_existing');
    try {
      const { ensureDatabase } = await import('../src/db/database.js');
      expect(await ensureDatabase(database.url)).toBe(false);
    } finally {
      await database.drop();
    }
  });
});
