import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Video } from '@dvt/contracts';
import { sql } from 'kysely';
import { request } from 'undici';
import { brokerReady, startHarness, type Harness } from './harness.js';
import { validateOpenApi } from './openapi-validate.js';

let h: Harness;
const PUBLIC = 'http://203.0.113.10:8080';
const SRC = 'http://93.184.216.34/media/clip.mp4';
const TASK = '6f1d7c1e-0a36-4d7e-9a53-2b1f2f6b9a01';
const NOBODY = '0b9f4c7e-9d1a-4c1e-8f3a-5d2e6b7a8c90';

beforeAll(async () => {
  h = await startHarness({ env: { PUBLIC_URL: PUBLIC, SOURCE_ALLOW_PRIVATE: 'false', VIDEO_EDGES: 'https://edge1.example,https://edge2.example' } });
  await brokerReady(h);
});
afterAll(() => h?.close());

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers?: Record<string, string>) => h.request(method, url, payload, headers);
const create = async (body: Record<string, unknown>) => {
  const res = await inject('POST', '/videos', body);
  expect(res.statusCode).toBe(201);
  return res.json<Video>();
};
const countVideos = async () => Number((await sql<{ n: string }>`select count(*) as n from videos`.execute(h.runtime.db)).rows[0]?.n);

describe('create, get, list', () => {
  it('creates a queued video with a task, a frozen preset and an outbox row', async () => {
    const v = await create({ source: SRC });
    expect(v).toMatchObject({ source: SRC, status: 'queued', preset: 'default', error: null, progress: null, playback: null, metadata: null, duration: null });
    expect(v.taskId).toMatch(/^[0-9a-f-]{36}$/);
    const outbox = await h.runtime.db.selectFrom('outbox').select(['payload', 'message_id']).where('video_id', '=', v.id).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.message_id).toBe(v.taskId);
    expect(outbox[0]?.payload).toMatchObject({ version: 1, videoId: v.id, taskId: v.taskId, basename: v.basename, source: SRC, attempt: 1, preset: { name: 'default' } });
    expect((await inject('GET', `/videos/${v.id}`)).json()).toEqual(v);
  });

  it('leaves a video new when transcode is false (no outbox row)', async () => {
    const v = await create({ source: SRC, transcode: false });
    expect(v).toMatchObject({ status: 'new', taskId: null });
    expect(await h.runtime.db.selectFrom('outbox').selectAll().where('video_id', '=', v.id).execute()).toEqual([]);
  });

  it('accepts sources on our own PUBLIC_URL even though private hosts are refused', async () => {
    await create({ source: `${PUBLIC}/media/sources/x.mp4`, transcode: false });
  });

  it('writes nothing and answers 503 while catalog-api is down', async () => {
    const before = await countVideos();
    h.catalog.setDown(true);
    try {
      const res = await inject('POST', '/videos', { source: SRC });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/preset/);
    } finally {
      h.catalog.setDown(false);
    }
    expect(await countVideos()).toBe(before);
  });

  it('filters by status and searches source substrings and exact basenames, page by page', async () => {
    const marker = `needle-${Date.now()}`;
    const made: Video[] = [];
    for (let i = 0; i < 5; i++) made.push(await create({ source: `http://93.184.216.34/${marker}/${i}.mp4`, transcode: i % 2 === 0 }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await inject('GET', `/videos?search=${marker}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: Video[]; nextCursor: string | null }>();
      seen.push(...page.items.map((v) => v.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((v) => v.id).reverse());
    const newOnes = (await inject('GET', `/videos?search=${marker.toUpperCase()}&status=new`)).json<{ items: Video[] }>().items;
    expect(newOnes.map((v) => v.id).sort()).toEqual([made[1]?.id, made[3]?.id].sort());
    const byBasename = (await inject('GET', `/videos?search=${made[2]?.basename}`)).json<{ items: Video[] }>().items;
    expect(byBasename.map((v) => v.id)).toEqual([made[2]?.id]);
    expect((await inject('GET', '/videos?search=%25')).json<{ items: Video[] }>().items).toEqual([]);
  });
});

describe('bad requests name the field', () => {
  const long = `http://93.184.216.34/${'a'.repeat(2100)}`;
  const claim = `/internal/videos/${NOBODY}/claim`;
  const beat = `/internal/videos/${NOBODY}/heartbeat`;
  const cases: [string, 'GET' | 'POST' | 'DELETE', string, unknown, number, string][] = [
    ['no source', 'POST', '/videos', {}, 400, 'source'],
    ['numeric source', 'POST', '/videos', { source: 1 }, 400, 'source'],
    ['null source', 'POST', '/videos', { source: null }, 400, 'source'],
    ['empty source', 'POST', '/videos', { source: '' }, 400, 'source'],
    ['file source', 'POST', '/videos', { source: 'file:///etc/passwd' }, 400, 'source'],
    ['javascript source', 'POST', '/videos', { source: 'javascript:alert(1)' }, 400, 'source'],
    ['rtmp source', 'POST', '/videos', { source: 'rtmp://93.184.216.34/live' }, 400, 'source'],
    ['gopher source', 'POST', '/videos', { source: 'gopher://93.184.216.34/x' }, 400, 'source'],
    ['data source', 'POST', '/videos', { source: 'data:video/mp4;base64,AAAA' }, 400, 'source'],
    ['relative source', 'POST', '/videos', { source: '/etc/passwd' }, 400, 'source'],
    ['not a URL', 'POST', '/videos', { source: 'not a url' }, 400, 'source'],
    ['too long source', 'POST', '/videos', { source: long }, 400, 'source'],
    ['loopback source', 'POST', '/videos', { source: 'http://127.0.0.1:5432/x.mp4' }, 400, 'source'],
    ['private source', 'POST', '/videos', { source: 'http://10.1.2.3/x.mp4' }, 400, 'source'],
    ['link-local source', 'POST', '/videos', { source: 'http://169.254.169.254/latest/meta-data' }, 400, 'source'],
    ['IPv6 loopback source', 'POST', '/videos', { source: 'http://[::1]/x.mp4' }, 400, 'source'],
    ['ftp on a private host', 'POST', '/videos', { source: 'ftp://192.168.1.5/x.mp4' }, 400, 'source'],
    ['empty preset', 'POST', '/videos', { source: SRC, preset: '' }, 400, 'preset'],
    ['numeric preset', 'POST', '/videos', { source: SRC, preset: 5 }, 400, 'preset'],
    ['too long preset', 'POST', '/videos', { source: SRC, preset: 'p'.repeat(101) }, 400, 'preset'],
    ['unknown preset', 'POST', '/videos', { source: SRC, preset: 'no-such-preset' }, 400, 'preset'],
    ['non-boolean transcode', 'POST', '/videos', { source: SRC, transcode: 'yes' }, 400, 'transcode'],
    ['unknown body field', 'POST', '/videos', { source: SRC, priority: 1 }, 400, 'priority'],
    ['limit 0', 'GET', '/videos?limit=0', undefined, 400, 'limit'],
    ['limit 501', 'GET', '/videos?limit=501', undefined, 400, 'limit'],
    ['limit abc', 'GET', '/videos?limit=abc', undefined, 400, 'limit'],
    ['unknown status', 'GET', '/videos?status=finished', undefined, 400, 'status'],
    ['forged cursor', 'GET', '/videos?cursor=bm90LWEtY3Vyc29y', undefined, 400, 'cursor'],
    ['empty search', 'GET', '/videos?search=', undefined, 400, 'search'],
    ['unknown query field', 'GET', '/videos?order=asc', undefined, 400, 'order'],
    ['get with a bad id', 'GET', '/videos/not-a-uuid', undefined, 400, 'id'],
    ['delete with a bad id', 'DELETE', '/videos/42', undefined, 400, 'id'],
    ['transcode with a bad id', 'POST', '/videos/xyz/transcode', undefined, 400, 'id'],
    ['unknown video', 'GET', `/videos/${NOBODY}`, undefined, 404, 'video'],
    ['claim without taskId', 'POST', claim, { workerId: 'w1' }, 400, 'taskId'],
    ['claim with a bad taskId', 'POST', claim, { taskId: 'x', workerId: 'w1' }, 400, 'taskId'],
    ['claim with an empty workerId', 'POST', claim, { taskId: TASK, workerId: '' }, 400, 'workerId'],
    ['claim with a tiny lease', 'POST', claim, { taskId: TASK, workerId: 'w1', leaseSeconds: 1 }, 400, 'leaseSeconds'],
    ['claim with a huge lease', 'POST', claim, { taskId: TASK, workerId: 'w1', leaseSeconds: 99999 }, 400, 'leaseSeconds'],
    ['claim with an unknown field', 'POST', claim, { taskId: TASK, workerId: 'w1', force: true }, 400, 'force'],
    ['claim with a bad id', 'POST', '/internal/videos/nope/claim', { taskId: TASK, workerId: 'w1' }, 400, 'id'],
    ['claim of an unknown video', 'POST', claim, { taskId: TASK, workerId: 'w1' }, 404, 'video'],
    ['heartbeat without workerId', 'POST', beat, { taskId: TASK }, 400, 'workerId'],
    ['heartbeat with a bad taskId', 'POST', beat, { taskId: 'abc', workerId: 'w1' }, 400, 'taskId'],
    ['NUL in a search', 'GET', '/videos?search=a%00b', undefined, 400, 'querystring/search must not contain NUL characters'],
    ['NUL in a preset', 'POST', '/videos', { source: SRC, preset: 'a\u0000' }, 400, 'body/preset must not contain NUL characters'],
    ['unpaired surrogate in a preset', 'POST', '/videos', { source: SRC, preset: 'a\ud800' }, 400, 'body/preset must not contain unpaired UTF-16 surrogates'],
    ['NUL in a workerId', 'POST', claim, { taskId: TASK, workerId: 'w\u0000' }, 400, 'body/workerId must not contain NUL characters'],
    ['limit Infinity', 'GET', '/videos?limit=Infinity', undefined, 400, 'querystring/limit must be integer'],
    ['limit in exponent notation', 'GET', '/videos?limit=1e2', undefined, 400, 'querystring/limit must be integer'],
    ['null transcode (not read as false)', 'POST', '/videos', { source: SRC, transcode: null }, 400, 'body/transcode must be boolean'],
    ['transcode "false" as a string', 'POST', '/videos', { source: SRC, transcode: 'false' }, 400, 'body/transcode must be boolean'],
    ['leaseSeconds as a string', 'POST', claim, { taskId: TASK, workerId: 'w1', leaseSeconds: '60' }, 400, 'body/leaseSeconds must be integer'],
    ['numeric workerId', 'POST', claim, { taskId: TASK, workerId: 5 }, 400, 'body/workerId must be string'],
  ];

  it('answers a 10,000-deep body with 400, not a stack overflow', async () => {
    const body = `{"source":"${SRC}","preset":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await request(`${h.base}/videos`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(((await res.body.json()) as { message: string }).message).toMatch(/^body\/preset(\/0)+ is nested deeper than 32 levels$/);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded']])('answers a %s body with 415 asking for JSON', async (type) => {
    const res = await inject('POST', '/videos', { source: SRC }, { 'content-type': type });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toBe(`content-type ${type} is not supported: send application/json`);
  });

  it.each(cases)('%s -> %s %s', async (_name, method, url, body, status, field) => {
    const res = await inject(method, url, body);
    expect(res.statusCode).toBe(status);
    const err = res.json<{ statusCode: number; error: string; message: string }>();
    expect(err.statusCode).toBe(status);
    expect(err.error).toEqual(expect.any(String));
    expect(err.message).toContain(field);
  });

  it('wrote no video for any of them', async () => {
    const bad = await h.runtime.db.selectFrom('videos').select('id').where('source', 'in', ['file:///etc/passwd', 'http://127.0.0.1:5432/x.mp4', long]).execute();
    expect(bad).toEqual([]);
  });
});

describe('delete', () => {
  it('removes the row, its unsent jobs and its results directory', async () => {
    const v = await create({ source: SRC, transcode: false });
    const dir = path.join(h.resultsDir, v.basename);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'index.m3u8'), '#EXTM3U\n');
    expect((await inject('DELETE', `/videos/${v.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/videos/${v.id}`)).statusCode).toBe(404);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
    expect((await inject('DELETE', `/videos/${v.id}`)).statusCode).toBe(404);
  });
});

describe('media, docs, health', () => {
  it('serves results with HLS content types and CORS for a player on another origin', async () => {
    const basename = '2a7b9c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    await mkdir(path.join(h.resultsDir, basename), { recursive: true });
    await writeFile(path.join(h.resultsDir, basename, 'index.m3u8'), '#EXTM3U\n');
    await writeFile(path.join(h.resultsDir, basename, 'segment-0-00000.ts'), Buffer.alloc(188, 0x47));
    const playlist = await inject('GET', `/media/results/${basename}/index.m3u8`, undefined, { origin: 'https://player.example' });
    expect(playlist.statusCode).toBe(200);
    expect(playlist.headers['content-type']).toMatch(/^application\/vnd\.apple\.mpegurl/);
    expect(playlist.headers['access-control-allow-origin']).toBe('*');
    const segment = await inject('GET', `/media/results/${basename}/segment-0-00000.ts`, undefined, { range: 'bytes=0-187' });
    expect([200, 206]).toContain(segment.statusCode);
    expect(segment.headers['content-type']).toMatch(/^video\/mp2t/);
    const preflight = await h.request('OPTIONS', `/media/results/${basename}/index.m3u8`, undefined, { origin: 'https://player.example', 'access-control-request-method': 'GET' });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect((await inject('GET', `/media/results/${basename}/..%2F..%2F..%2Fetc%2Fpasswd`)).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('publishes a valid OpenAPI document with every route', async () => {
    const doc = (await inject('GET', '/docs/json')).json<{ paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>> }>();
    expect(await validateOpenApi(doc)).toBe('valid 3.0.3');
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/internal/videos/{id}/claim', '/internal/videos/{id}/heartbeat', '/ready', '/uploads', '/videos', '/videos/{id}', '/videos/{id}/transcode']);
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.tags?.length).toBeGreaterThan(0);
    expect(Object.keys(doc.paths['/videos/{id}/transcode']?.post?.responses ?? {}).sort()).toEqual(['200', '400', '401', '404', '409', '503']);
    expect((await inject('GET', '/docs')).statusCode).toBeLessThan(400);
    // Contract changes show in review.
    expect(doc).toMatchSnapshot();
  });

  it('is live and ready with database and broker up', async () => {
    expect((await inject('GET', '/health')).json()).toEqual({ status: 'ok' });
    expect((await inject('GET', '/ready')).json()).toEqual({ status: 'ok', checks: { database: 'ok', broker: 'ok' } });
  });
});
