import { createTestDatabase, type TestDatabase } from '@dvt/testkit';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { createDb, migrateToLatest, type Db } from '../src/db/database.js';

export interface Catalog {
  app: FastifyInstance;
  db: Db;
  /** http://127.0.0.1:PORT of the listening app. */
  base: string;
  close(): Promise<void>;
}

/** A migrated database of its own and an app on it; `close()` drops both. */
export async function setupCatalog(options: { apiKeys?: string[] } = {}): Promise<Catalog> {
  const database: TestDatabase = await createTestDatabase('catalog');
  try {
    return await onDatabase(database, options);
  } catch (err) {
    await database.drop();
    throw err;
  }
}

async function onDatabase(database: TestDatabase, options: { apiKeys?: string[] }): Promise<Catalog> {
  const db = createDb(database.url, { maxConnections: 4 });
  await migrateToLatest(db);
  const app = await buildApp({ db, apiKeys: options.apiKeys ?? [], docsUi: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    db,
    base,
    async close() {
      await app.close();
      await db.destroy();
      await database.drop();
    },
  };
}

export const videoParams = (overrides: Record<string, unknown> = {}) => ({
  codec: 'libx264',
  constantRateFactor: 23,
  preset: 'fast',
  maxRate: 1_000_000,
  bufSize: 2_000_000,
  profile: 'main',
  pixFmt: 'yuv420p',
  width: 640,
  height: 360,
  frameRate: 25,
  gopSize: 50,
  forceKeyFrames: 'expr:gte(t,n_forced*2)',
  ...overrides,
});

export const audioParams = (overrides: Record<string, unknown> = {}) => ({ codec: 'aac', bitrate: 128_000, channels: 2, sampleRate: 44_100, ...overrides });

type Json = Record<string, unknown> & { message?: string };

export interface Sent {
  status: number;
  body: Json;
  headers: Headers;
  text: string;
}

/**
 * A real HTTP request to the listening app. (`app.inject` cannot run under jest on
 * Node 20: light-my-request requires the ESM-only `cookie` 2.) A string payload is
 * sent as is, anything else as JSON.
 */
export async function call(c: Catalog, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (payload !== undefined) {
    init.body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    init.headers = { 'content-type': 'application/json', ...headers };
  }
  const res = await fetch(`${c.base}${url}`, init);
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json') && text ? (JSON.parse(text) as Json) : ({} as Json);
  return { status: res.status, body: json, headers: res.headers, text };
}

let counter = 0;
export const uniqueName = (prefix = 'p') => `${prefix}-${process.pid}-${++counter}`;
