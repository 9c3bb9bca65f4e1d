import { describe, expect, it } from '@jest/globals';
import { VIDEO_STATUSES, type VideoStatus, type WorkerEvent } from '@dvt/contracts';
import { ConfigError, loadConfig } from '../src/config.js';
import type { VideoRow } from '../src/db/video.table.js';
import { containsPattern, decodeCursor, encodeCursor } from '../src/domain/cursor.js';
import { decideClaim, decideDelete, decideEvent, decideHeartbeat, decideTranscode, type VideoState } from '../src/domain/lifecycle.js';
import { checkSource, isPrivateAddress } from '../src/domain/source-policy.js';
import { toVideoDto } from '../src/domain/video.dto.js';
import { backoffDelay } from '../src/messaging/broker.js';
import { deadLetterError, deathOf } from '../src/messaging/dead-letter.js';
import { validationMessage } from '../src/routes/validation.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const V = '33333333-3333-4333-8333-333333333333';
const now = new Date('2026-01-01T00:00:00Z');
const past = new Date('2025-12-31T23:59:00Z');
const future = new Date('2026-01-01T00:01:00Z');
const state = (status: VideoStatus, over: Partial<VideoState> = {}): VideoState => ({ status, taskId: T1, workerId: null, leaseExpiresAt: null, progressPercent: null, ...over });

describe('decideTranscode / decideDelete', () => {
  it.each(VIDEO_STATUSES.map((s) => [s, ['new', 'done', 'error'].includes(s)] as const))('transcode from %s: %s', (status, ok) => {
    expect(decideTranscode(status).ok).toBe(ok);
  });
  it.each(VIDEO_STATUSES.map((s) => [s, s !== 'process'] as const))('delete from %s: %s', (status, ok) => {
    expect(decideDelete(status).ok).toBe(ok);
  });
});

describe('decideClaim', () => {
  it.each([
    ['queued, same task', state('queued'), T1, 'w1', { ok: true, takeover: false }],
    ['queued, other task', state('queued'), T2, 'w1', { ok: false, statusCode: 409 }],
    ['process, expired lease, other worker', state('process', { workerId: 'w0', leaseExpiresAt: past }), T1, 'w1', { ok: true, takeover: true }],
    ['process, live lease, other worker', state('process', { workerId: 'w0', leaseExpiresAt: future }), T1, 'w1', { ok: false, statusCode: 409 }],
    ['process, live lease, same worker (replay)', state('process', { workerId: 'w1', leaseExpiresAt: future }), T1, 'w1', { ok: true, takeover: false }],
    ['process, expired lease, other task', state('process', { workerId: 'w0', leaseExpiresAt: past }), T2, 'w1', { ok: false, statusCode: 409 }],
    ['new', state('new', { taskId: null }), T1, 'w1', { ok: false, statusCode: 409 }],
    ['done', state('done'), T1, 'w1', { ok: false, statusCode: 409 }],
    ['error', state('error'), T1, 'w1', { ok: false, statusCode: 409 }],
    ['missing', undefined, T1, 'w1', { ok: false, statusCode: 404 }],
  ] as const)('%s', (_name, v, taskId, workerId, expected) => {
    expect(decideClaim(v, taskId, workerId, now)).toMatchObject(expected);
  });
});

describe('decideHeartbeat', () => {
  it.each([
    ['owner', state('process', { workerId: 'w1' }), T1, 'w1', true],
    ['owner with an expired lease nobody took', state('process', { workerId: 'w1', leaseExpiresAt: past }), T1, 'w1', true],
    ['other worker', state('process', { workerId: 'w2' }), T1, 'w1', false],
    ['other task', state('process', { workerId: 'w1' }), T2, 'w1', false],
    ['queued again', state('queued'), T1, 'w1', false],
    ['done', state('done', { workerId: null }), T1, 'w1', false],
  ] as const)('%s', (_name, v, taskId, workerId, ok) => {
    expect(decideHeartbeat(v, taskId, workerId).ok).toBe(ok);
  });
});

describe('decideEvent', () => {
  const base = { version: 1 as const, videoId: V, taskId: T1, workerId: 'w1', at: now.toISOString() };
  const ev = {
    process: { ...base, type: 'process' },
    progress: { ...base, type: 'progress', progress: { phase: 'transcode', percent: 40 } },
    done: { ...base, type: 'done', metadata: {}, duration: 1 },
    error: { ...base, type: 'error', error: 'boom' },
    requeued: { ...base, type: 'requeued', reason: 'SIGTERM' },
  } as Record<string, WorkerEvent>;
  const owned = (over: Partial<VideoState> = {}) => state('process', { workerId: 'w1', ...over });
  const cases: [string, VideoState | undefined, string, false | VideoStatus | null][] = [
    ['progress while process', owned(), 'progress', null],
    ['progress forward', owned({ progressPercent: 39.5 }), 'progress', null],
    ['progress repeated', owned({ progressPercent: 40 }), 'progress', false],
    ['progress backwards', owned({ progressPercent: 70 }), 'progress', false],
    ['done while process', owned(), 'done', 'done'],
    ['error while process', owned(), 'error', 'error'],
    ['requeued while process', owned(), 'requeued', 'queued'],
    ['process event (claim did it)', owned(), 'process', false],
    ...(['progress', 'done', 'error', 'requeued'] as const).map((t): [string, VideoState, string, false] => [`${t} from a worker that lost the lease`, owned({ workerId: 'w2' }), t, false]),
    ...(['new', 'queued', 'done', 'error'] as const).flatMap((s) => (['progress', 'done', 'error', 'requeued'] as const).map((t): [string, VideoState, string, false] => [`${t} while ${s}`, state(s), t, false])),
    ['done of a stale task', owned({ taskId: T2 }), 'done', false],
    ['unknown video', undefined, 'done', false],
  ];
  it.each(cases)('%s', (_name, v, type, expected) => {
    const decision = decideEvent(v, ev[type] as WorkerEvent);
    if (expected === false) expect(decision.apply).toBe(false);
    else expect(decision).toEqual({ apply: true, from: 'process', to: expected });
  });
});

describe('source policy', () => {
  it.each([
    ['127.0.0.1', true], ['10.20.30.40', true], ['172.16.0.1', true], ['172.32.0.1', false], ['192.168.0.10', true], ['169.254.169.254', true],
    ['100.64.1.1', true], ['0.0.0.0', true], ['8.8.8.8', false], ['93.184.216.34', false], ['::1', true], ['[::1]', true], ['fd00::1', true],
    ['fe80::1', true], ['::ffff:127.0.0.1', true], ['::ffff:8.8.8.8', false], ['2606:4700::1111', false], ['not-an-ip', false],
    // the hex forms URL parsing produces: [::ffff:169.254.169.254] -> ::ffff:a9fe:a9fe
    [new URL('http://[::ffff:169.254.169.254]/').hostname, true], ['::ffff:a00:1', true], ['::ffff:808:808', false], ['64:ff9b::a9fe:a9fe', true], ['::7f00:1', true],
  ] as const)('%s private: %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  const resolve = async (host: string) => ({ 'cdn.example': ['93.184.216.34'], 'intranet.example': ['10.0.0.7'], 'mixed.example': ['8.8.8.8', '192.168.1.1'] })[host] ?? Promise.reject(new Error('ENOTFOUND'));
  const policy = { allowPrivate: false, ownOrigins: ['http://127.0.0.1:3002'], resolve };
  it.each([
    ['http://cdn.example/a.mp4', null],
    ['ftp://cdn.example/a.mp4', null],
    ['http://intranet.example/a.mp4', /private or loopback/],
    ['http://mixed.example/a.mp4', /192\.168\.1\.1/],
    ['http://nowhere.example/a.mp4', /does not resolve/],
    ['http://127.0.0.1:3002/media/sources/x.mp4', null],
    ['http://127.0.0.1:3003/x.mp4', /private/],
    ['file:///etc/passwd', /http, https or ftp/],
    ['rtsp://cdn.example/live', /http, https or ftp/],
  ] as const)('%s', async (source, expected) => {
    const result = await checkSource(source, policy);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
    if (expected) expect(result).toMatch(/^source/);
  });
  it('allows private hosts when configured to', async () => {
    expect(await checkSource('http://10.0.0.7/a.mp4', { ...policy, allowPrivate: true })).toBeNull();
  });
});

describe('cursor and search', () => {
  it('round-trips and refuses anything else', () => {
    expect(decodeCursor(encodeCursor('12345'))).toBe('12345');
    expect(decodeCursor('bm90LWEtY3Vyc29y')).toBeNull();
    expect(decodeCursor(Buffer.from('v1:1; drop table').toString('base64url'))).toBeNull();
  });
  it('escapes LIKE metacharacters', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('toVideoDto', () => {
  const row = {
    id: V, seq: '1', source: 'http://h/a.mp4', status: 'done', error: null, task_id: T1, basename: T2, preset: 'default', preset_snapshot: null,
    metadata: { a: 1 }, duration: 3.5, progress_phase: null, progress_percent: null, attempt: 1, worker_id: null, lease_expires_at: null,
    created_at: new Date('2026-01-01T00:00:00Z'), modified_at: new Date('2026-01-01T00:00:01Z'),
  } satisfies VideoRow;
  const playback = { edges: ['https://e1', 'https://e2'], videoUrl: '{edge}/results/{filename}/index.m3u8' };
  it('sets playback on the chosen edge and lists every edge when done', () => {
    expect(toVideoDto(row, playback, (edges) => edges[1] ?? '')).toEqual({
      id: V, source: 'http://h/a.mp4', status: 'done', error: null, taskId: T1, basename: T2, preset: 'default', metadata: { a: 1 }, duration: 3.5,
      progress: null, createdAt: '2026-01-01T00:00:00.000Z', modifiedAt: '2026-01-01T00:00:01.000Z',
      playback: { hls: `https://e2/results/${T2}/index.m3u8`, edges: [`https://e1/results/${T2}/index.m3u8`, `https://e2/results/${T2}/index.m3u8`] },
    });
  });
  it('has progress while process and no playback', () => {
    const dto = toVideoDto({ ...row, status: 'process', progress_phase: 'split', progress_percent: 12 }, playback);
    expect(dto.progress).toEqual({ phase: 'split', percent: 12 });
    expect(dto.playback).toBeNull();
  });
});

describe('config', () => {
  it('has defaults that run on one machine', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      port: 3002, databaseUrl: 'postgres://postgres@127.0.0.1:5432/dvt_video', amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', catalogApiUrl: 'http://127.0.0.1:3001',
      publicUrl: 'http://127.0.0.1:3002', edges: ['http://127.0.0.1:3002/media'], videoUrl: '{edge}/results/{filename}/index.m3u8', sourceAllowPrivate: true,
      apiKeys: [], workerApiKeys: [], sweepIntervalMs: 15_000, connectTimeoutMs: 5000, requestTimeoutMs: 30_000, uploadTtlSeconds: 86_400,
    });
    expect(c.resultsUri.href).toBe('file:///srv/app/var/results');
    expect(c.sourcesUri.href).toBe('file:///srv/app/var/sources');
  });
  it('reads lists and overrides', () => {
    const c = loadConfig({ API_KEYS: 'a, b', WORKER_API_KEYS: 'w', VIDEO_EDGES: 'https://e1/,https://e2', PUBLIC_URL: 'https://api.example/', SOURCE_ALLOW_PRIVATE: 'false', VIDEO_RESULTS_URI: 'https://dav.example/results' });
    expect(c).toMatchObject({ apiKeys: ['a', 'b'], workerApiKeys: ['w'], edges: ['https://e1', 'https://e2'], publicUrl: 'https://api.example', sourceAllowPrivate: false });
    expect(c.resultsUri.href).toBe('https://dav.example/results');
  });
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SWEEP_INTERVAL: '0' }, 'SWEEP_INTERVAL'],
    [{ UPLOAD_TTL: '-1' }, 'UPLOAD_TTL'],
    [{ UPLOAD_TTL: '1.5' }, 'UPLOAD_TTL'],
    [{ VIDEO_REQUEST_TIMEOUT: 'soon' }, 'VIDEO_REQUEST_TIMEOUT'],
    [{ SOURCE_ALLOW_PRIVATE: 'maybe' }, 'SOURCE_ALLOW_PRIVATE'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ AMQP_URL: 'not a url' }, 'AMQP_URL'],
    [{ CATALOG_API_URL: 'ftp://x' }, 'CATALOG_API_URL'],
    [{ VIDEO_EDGES: 'edge-without-scheme' }, 'VIDEO_EDGES'],
    [{ VIDEO_URL: '{edge}/index.m3u8' }, 'VIDEO_URL'],
    [{ VIDEO_RESULTS_URI: 's3://bucket' }, 'VIDEO_RESULTS_URI'],
  ])('%j names %s in one line', (env, name) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('small pure helpers', () => {
  it('backs off exponentially up to a ceiling', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 200, 5000))).toEqual([200, 400, 800, 1600, 5000]);
  });
  it('names the field of a validation error', () => {
    const v = (keyword: string, instancePath: string, params: Record<string, unknown>, message?: string) => ({ validation: [{ keyword, instancePath, params, message, schemaPath: '' }], validationContext: 'body' as const, message: '' });
    expect(validationMessage(v('required', '', { missingProperty: 'source' }))).toBe('body/source is required');
    expect(validationMessage(v('additionalProperties', '', { additionalProperty: 'x' }))).toBe('body/x is not allowed');
    expect(validationMessage(v('maxLength', '/preset', {}, 'must NOT have more than 100 characters'))).toBe('body/preset must NOT have more than 100 characters');
  });
  it('describes dead letters', () => {
    expect(deathOf({ 'x-death': [{ count: 1, reason: 'delivery_limit' }] })).toEqual({ deliveries: 11, reason: 'delivery limit reached' });
    expect(deathOf({ 'x-death': [{ count: 1, reason: 'rejected' }], 'x-delivery-count': 2 })).toEqual({ deliveries: 3, reason: 'rejected by a worker' });
    expect(deadLetterError({ content: Buffer.from('{"version":7}'), headers: { 'x-death': [{ reason: 'rejected' }] } })).toBe(
      'job dead-lettered after 1 delivery: rejected by a worker; job message has unknown version 7 (this worker reads 1)',
    );
  });
});
