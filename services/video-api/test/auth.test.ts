import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Video } from '@dvt/contracts';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { API_KEYS: 'public-1,public-2', WORKER_API_KEYS: 'worker-1' } });
});
afterAll(() => h?.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('bearer API keys', () => {
  it.each([
    ['no header', {}],
    ['a wrong key', bearer('nope')],
    ['a worker key on a public route', bearer('worker-1')],
    ['basic auth', { authorization: 'Basic cHVibGljLTE6' }],
  ])('refuses public routes with %s (401 naming API_KEYS)', async (_name, headers) => {
    const res = await h.request('GET', '/videos', undefined, headers);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().message).toContain('API_KEYS');
    expect(res.json().message).toMatch(('authorization' in headers && headers.authorization.startsWith('Bearer')) ? /^unknown API key/ : /^missing API key: send "Authorization: Bearer <key>"/);
  });

  it('accepts every configured public key', async () => {
    expect((await h.request('GET', '/videos', undefined, bearer('public-2'))).statusCode).toBe(200);
    const created = await h.request('POST', '/videos', { source: 'http://93.184.216.34/a.mp4' }, bearer('public-1'));
    expect(created.statusCode).toBe(201);
  });

  it('guards /internal with the worker keys only', async () => {
    const v = (await h.request('POST', '/videos', { source: 'http://93.184.216.34/b.mp4' }, bearer('public-1'))).json<Video>();
    const body = { taskId: v.taskId, workerId: 'w1' };
    const withPublic = await h.request('POST', `/internal/videos/${v.id}/claim`, body, bearer('public-1'));
    expect(withPublic.statusCode).toBe(401);
    expect(withPublic.json().message).toContain('WORKER_API_KEYS');
    expect((await h.request('POST', `/internal/videos/${v.id}/claim`, body, bearer('worker-1'))).statusCode).toBe(200);
    expect((await h.request('POST', `/internal/videos/${randomUUID()}/heartbeat`, body)).statusCode).toBe(401);
  });

  it.each(['/%69nternal', '/%69%6Eternal', '/internal'])('asks for a worker key on %s/videos/{id}/claim, however the path is encoded', async (prefix) => {
    const v = (await h.request('POST', '/videos', { source: 'http://93.184.216.34/c.mp4' }, bearer('public-1'))).json<Video>();
    const res = await h.request('POST', `${prefix}/videos/${v.id}/claim`, { taskId: v.taskId, workerId: 'sneaky' }, bearer('public-1'));
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('WORKER_API_KEYS');
  });

  it('leaves health, docs and media open', async () => {
    for (const path of ['/health', '/docs/json']) expect((await h.request('GET', path)).statusCode).toBe(200);
    expect((await h.request('GET', `/media/results/${randomUUID()}/index.m3u8`)).statusCode).toBe(404);
  });
});
