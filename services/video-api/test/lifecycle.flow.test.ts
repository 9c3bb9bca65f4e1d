import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_TASK_ATTEMPTS, type JobMessage, type LeaseResponse, type Video, type VideoStatus } from '@dvt/contracts';
import type { Channel, GetMessage } from 'amqplib';
import { sql } from 'kysely';
import { startSweeper } from '../src/domain/lease.service.js';
import { brokerReady, publishEvent, startHarness, waitUntil, type Harness } from './harness.js';

let h: Harness;
let ch: Channel;
const SRC = 'http://93.184.216.34/media/clip.mp4';

beforeAll(async () => {
  h = await startHarness({ env: { VIDEO_EDGES: 'https://edge1.example,https://edge2.example' } });
  await brokerReady(h);
  ch = await h.broker.connection.createChannel();
});
afterAll(async () => {
  await ch?.close().catch(() => undefined);
  await h?.close();
});

const api = (method: string, url: string, body?: unknown) => h.request(method, url, body);
const get = async (id: string) => (await api('GET', `/videos/${id}`)).json<Video>();
const create = async (transcode = true) => (await api('POST', '/videos', { source: SRC, transcode })).json<Video>();
const claim = (v: Pick<Video, 'id' | 'taskId'>, workerId = 'w1', leaseSeconds = 60) => api('POST', `/internal/videos/${v.id}/claim`, { taskId: v.taskId ?? randomUUID(), workerId, leaseSeconds });
const heartbeat = (v: Pick<Video, 'id' | 'taskId'>, workerId = 'w1') => api('POST', `/internal/videos/${v.id}/heartbeat`, { taskId: v.taskId ?? randomUUID(), workerId });
const event = (v: Pick<Video, 'id' | 'taskId'>, type: string, extra: Record<string, unknown> = {}, workerId = 'w1') =>
  publishEvent(h, { version: 1, type, videoId: v.id, taskId: v.taskId ?? randomUUID(), workerId, at: new Date().toISOString(), ...extra });
const doneExtra = { metadata: { streams: 2, renditions: ['1080p', '720p'] }, duration: 12.5 };
const until = (id: string, status: VideoStatus) => waitUntil(async () => ((await get(id)).status === status ? get(id) : undefined), 10_000, `video ${id} ${status}`);
const drops = (id: string, type: string) => h.logs.filter((l) => l.msg === 'worker event dropped' && l.videoId === id && l.event === type).length;
/** Sends an event that must be dropped, and waits until the consumer has dropped it. */
const dropped = async (v: Pick<Video, 'id' | 'taskId'>, type: string, extra: Record<string, unknown> = {}, workerId = 'w1') => {
  const before = drops(v.id, type);
  await event(v, type, extra, workerId);
  await waitUntil(() => drops(v.id, type) > before, 10_000, `a dropped ${type} event`);
};

async function inState(status: VideoStatus): Promise<Video> {
  if (status === 'new') return create(false);
  const v = await create();
  if (status === 'queued') return v;
  expect((await claim(v)).statusCode).toBe(200);
  if (status === 'process') return get(v.id);
  await event(v, status === 'done' ? 'done' : 'error', status === 'done' ? doneExtra : { error: 'ffmpeg exited with 1' });
  return until(v.id, status);
}

describe('legal transitions', () => {
  it('walks every legal edge of the status machine through the API and the events', async () => {
    const stamps: string[] = [];
    const step = (v: Video, status: VideoStatus) => {
      expect(v.status).toBe(status);
      stamps.push(v.modifiedAt);
    };
    let v = await create(false);
    step(v, 'new');
    v = (await api('POST', `/videos/${v.id}/transcode`)).json<Video>(); // new -> queued
    step(v, 'queued');
    const first = v.taskId;
    expect((await claim(v)).json<LeaseResponse>()).toMatchObject({ videoId: v.id, taskId: first, workerId: 'w1', takeover: false }); // queued -> process
    step(await get(v.id), 'process');
    await event(v, 'progress', { progress: { phase: 'transcode', percent: 40 } });
    await waitUntil(async () => (await get(v.id)).progress?.percent === 40);
    expect((await get(v.id)).progress).toEqual({ phase: 'transcode', percent: 40 });
    await event(v, 'done', doneExtra); // process -> done
    v = await until(v.id, 'done');
    step(v, 'done');
    expect(v).toMatchObject({ metadata: doneExtra.metadata, duration: 12.5, progress: null, error: null });
    const edges = [`https://edge1.example/results/${v.basename}/index.m3u8`, `https://edge2.example/results/${v.basename}/index.m3u8`];
    expect(v.playback?.edges).toEqual(edges);
    expect(edges).toContain(v.playback?.hls);
    v = (await api('POST', `/videos/${v.id}/transcode`)).json<Video>(); // done -> queued
    step(v, 'queued');
    expect(v.taskId).not.toBe(first);
    expect(v).toMatchObject({ metadata: null, duration: null, playback: null });
    expect((await claim(v)).statusCode).toBe(200);
    await event(v, 'error', { error: `source unreadable${String.fromCharCode(0)}` }); // process -> error; PostgreSQL refuses NUL in text
    v = await until(v.id, 'error');
    step(v, 'error');
    expect(v.error).toBe('source unreadable');
    v = (await api('POST', `/videos/${v.id}/transcode`)).json<Video>(); // error -> queued
    step(v, 'queued');
    expect(v.error).toBeNull();
    expect((await claim(v)).statusCode).toBe(200);
    await event(v, 'requeued', { reason: 'SIGTERM' }); // process -> queued, with a new job for the same task
    v = await until(v.id, 'queued');
    step(v, 'queued');
    const jobs = await h.runtime.db.selectFrom('outbox').select('payload').where('video_id', '=', v.id).where('message_id', '=', v.taskId ?? '').orderBy('id').execute();
    expect(jobs.map((j) => (j.payload as JobMessage).attempt)).toEqual([1, 2]);
    expect((await claim(v, 'w2')).json<LeaseResponse>()).toMatchObject({ workerId: 'w2', takeover: false });
    step(await get(v.id), 'process');
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});

describe('illegal transitions are 409 with the current status named', () => {
  const cases: [VideoStatus, string, (v: Video) => Promise<{ statusCode: number; json(): { message: string } }>, RegExp][] = [
    ['queued', 'transcode', (v) => api('POST', `/videos/${v.id}/transcode`), /queued/],
    ['process', 'transcode', (v) => api('POST', `/videos/${v.id}/transcode`), /process/],
    ['process', 'delete', (v) => api('DELETE', `/videos/${v.id}`), /process/],
    ['new', 'claim', (v) => claim(v), /taskId/],
    ['done', 'claim', (v) => claim(v, 'w9'), /done/],
    ['error', 'claim', (v) => claim(v, 'w9'), /error/],
    ['queued', 'claim with another taskId', (v) => claim({ id: v.id, taskId: randomUUID() }), /stale task/],
    ['process', 'claim by another worker under a live lease', (v) => claim(v, 'w2'), /leased by worker w1/],
    ['queued', 'heartbeat', (v) => heartbeat(v), /queued/],
    ['done', 'heartbeat', (v) => heartbeat(v), /done/],
    ['process', 'heartbeat by another worker', (v) => heartbeat(v, 'w2'), /owned by worker w1/],
  ];
  it.each(cases)('%s: %s', async (status, _action, act, message) => {
    const v = await inState(status);
    const res = await act(v);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(message);
    const after = await get(v.id);
    expect(after.status).toBe(status);
    expect(after.modifiedAt).toBe(v.modifiedAt);
  });

  it('transcodes again with another preset when the body names one, and keeps it for later transcodes', async () => {
    const v = await inState('done');
    const jobPreset = async (taskId: string | null) =>
      ((await h.runtime.db.selectFrom('outbox').select('payload').where('video_id', '=', v.id).where('message_id', '=', taskId ?? '').executeTakeFirstOrThrow()).payload as JobMessage).preset.name;
    const unknown = await api('POST', `/videos/${v.id}/transcode`, { preset: 'no-such-preset' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ message: string }>().message).toBe('preset "no-such-preset" is not a known preset name or id');
    expect((await get(v.id)).status).toBe('done');
    const extra = await api('POST', `/videos/${v.id}/transcode`, { preset: 'small', priority: 1 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json<{ message: string }>().message).toContain('priority');

    const switched = (await api('POST', `/videos/${v.id}/transcode`, { preset: 'small' })).json<Video>();
    expect(switched).toMatchObject({ status: 'queued', preset: 'small' });
    expect(await jobPreset(switched.taskId)).toBe('small');
    await claim(switched);
    await event(switched, 'error', { error: 'x' });
    await until(v.id, 'error');
    const again = (await api('POST', `/videos/${v.id}/transcode`)).json<Video>();
    expect(again).toMatchObject({ status: 'queued', preset: 'small' });
    expect(await jobPreset(again.taskId)).toBe('small');
  });

  it('lets exactly one of 10 concurrent transcode requests queue a done video', async () => {
    const v = await inState('done');
    const replies = await Promise.all(Array.from({ length: 10 }, () => api('POST', `/videos/${v.id}/transcode`)));
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
    const rows = await h.runtime.db.selectFrom('outbox').select('message_id').where('video_id', '=', v.id).execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(2);
  });
});

describe('worker events are applied idempotently', () => {
  it('drops duplicate, stale and out-of-order events without changing anything', async () => {
    const v = await inState('process');
    await event(v, 'progress', { progress: { phase: 'split', percent: 50 } });
    await waitUntil(async () => (await get(v.id)).progress?.percent === 50);
    const at50 = await get(v.id);
    await dropped(v, 'progress', { progress: { phase: 'split', percent: 50 } }); // duplicate
    await dropped(v, 'progress', { progress: { phase: 'analyze', percent: 30 } }); // out of order
    await dropped({ id: v.id, taskId: randomUUID() }, 'done', doneExtra); // stale task
    await dropped(v, 'process'); // claim already made the transition
    expect(await get(v.id)).toEqual(at50);
    await event(v, 'done', doneExtra);
    const done = await until(v.id, 'done');
    await dropped(v, 'done', { ...doneExtra, duration: 99 }); // duplicate done
    await dropped(v, 'error', { error: 'late error' }); // after the fact
    await dropped(v, 'progress', { progress: { phase: 'segment', percent: 99 } });
    await dropped(v, 'requeued', { reason: 'late' });
    expect({ ...(await get(v.id)), playback: null }).toEqual({ ...done, playback: null });
  });

  it('drops events for a video that is not process (done before claim, unknown video)', async () => {
    const v = await inState('queued');
    await dropped(v, 'done', doneExtra);
    expect((await get(v.id)).status).toBe('queued');
    await dropped({ id: randomUUID(), taskId: randomUUID() }, 'error', { error: 'x' }).catch(() => undefined);
  });

  it('logs and drops invalid events (never a loop)', async () => {
    const count = () => h.logs.filter((l) => l.msg === 'invalid worker event dropped').length;
    const before = count();
    const pub = await h.broker.connection.createConfirmChannel();
    pub.publish(h.topology.eventsExchange, 'video.done', Buffer.from('{not json'));
    pub.publish(h.topology.eventsExchange, 'video.done', Buffer.from(JSON.stringify({ version: 2, type: 'done' })));
    pub.publish(h.topology.eventsExchange, 'video.explode', Buffer.from(JSON.stringify({ version: 1, type: 'explode', videoId: randomUUID(), taskId: randomUUID(), workerId: 'w', at: new Date().toISOString() })));
    await pub.waitForConfirms();
    await pub.close();
    await waitUntil(() => count() >= before + 3, 10_000, 'three invalid events dropped');
    await waitUntil(async () => (await ch.checkQueue(h.topology.eventsQueue)).messageCount === 0);
  });
});

describe('leases', () => {
  const expire = (id: string) => sql`update videos set lease_expires_at = now() - interval '1 second' where id = ${id}`.execute(h.runtime.db);

  it('extends the lease on heartbeat', async () => {
    const v = await inState('queued');
    const first = (await claim(v, 'w1', 10)).json<LeaseResponse>();
    const beat = await api('POST', `/internal/videos/${v.id}/heartbeat`, { taskId: v.taskId, workerId: 'w1', leaseSeconds: 600 });
    expect(beat.statusCode).toBe(200);
    expect(Date.parse(beat.json<LeaseResponse>().leaseExpiresAt) - Date.parse(first.leaseExpiresAt)).toBeGreaterThan(500_000);
  });

  it('returns an expired lease to queued with a new job (same task, attempt 2); a fresh claim works', async () => {
    const v = await inState('process');
    await expire(v.id);
    const outboxBefore = await h.runtime.db.selectFrom('outbox').select('id').where('video_id', '=', v.id).execute();
    expect(await h.runtime.leases.sweep()).toBeGreaterThanOrEqual(1);
    const back = await get(v.id);
    expect(back).toMatchObject({ status: 'queued', taskId: v.taskId, progress: null });
    const rows = await h.runtime.db.selectFrom('outbox').select(['payload', 'sent_at']).where('video_id', '=', v.id).orderBy('id').execute();
    expect(rows).toHaveLength(outboxBefore.length + 1);
    expect(rows[rows.length - 1]?.payload).toMatchObject({ taskId: v.taskId, videoId: v.id, attempt: 2 });
    await waitUntil(async () => (await h.runtime.db.selectFrom('outbox').select('sent_at').where('video_id', '=', v.id).where('sent_at', 'is', null).execute()).length === 0, 10_000, 'the requeued job published');
    expect((await heartbeat(v, 'w1')).statusCode).toBe(409); // the old owner lost it
    expect((await claim(v, 'w2')).json<LeaseResponse>()).toMatchObject({ workerId: 'w2', takeover: false });
    expect((await get(v.id)).status).toBe('process');
  });

  it.each([
    ['a worker shutdown (requeued)', async (v: Video) => event(v, 'requeued', { reason: 'SIGTERM' })],
    ['an expired lease (sweeper)', async (v: Video) => {
      await expire(v.id);
      await h.runtime.leases.sweep();
    }],
  ])('ends the video in error instead of queuing the task a %s time past MAX_TASK_ATTEMPTS', async (_what, cutShort) => {
    const v = await inState('process');
    await sql`update videos set attempt = ${MAX_TASK_ATTEMPTS} where id = ${v.id}`.execute(h.runtime.db);
    const outboxBefore = (await h.runtime.db.selectFrom('outbox').select('id').where('video_id', '=', v.id).execute()).length;
    await cutShort(v);
    const failed = await until(v.id, 'error');
    expect(failed.error).toBe(`gave up after ${MAX_TASK_ATTEMPTS} attempts, each ended before a result (the worker was stopped or lost its lease); POST /videos/{id}/transcode to try again`);
    expect((await h.runtime.db.selectFrom('outbox').select('id').where('video_id', '=', v.id).execute()).length).toBe(outboxBefore);
    // one attempt fewer still goes back to the queue
    const w = await inState('process');
    await sql`update videos set attempt = ${MAX_TASK_ATTEMPTS - 1} where id = ${w.id}`.execute(h.runtime.db);
    await cutShort(w);
    expect((await until(w.id, 'queued')).status).toBe('queued');
  });

  it('sweeps on its own every interval', async () => {
    const v = await inState('process');
    await expire(v.id);
    const sweeper = startSweeper(h.runtime.leases, 100, h.runtime.logger);
    try {
      await until(v.id, 'queued');
    } finally {
      await sweeper.stop();
    }
    expect(h.logs.some((l) => l.msg === 'lease expired: video queued again' && l.videoId === v.id)).toBe(true);
  });

  it('lets another worker take over a process video whose lease expired (and not before)', async () => {
    const v = await inState('process');
    await event(v, 'progress', { progress: { phase: 'transcode', percent: 60 } });
    await waitUntil(async () => (await get(v.id)).progress?.percent === 60);
    expect((await claim(v, 'w2')).statusCode).toBe(409);
    await expire(v.id);
    expect((await claim(v, 'w2')).json<LeaseResponse>()).toMatchObject({ workerId: 'w2', takeover: true });
    expect((await get(v.id)).progress).toBeNull();
    await event(v, 'progress', { progress: { phase: 'analyze', percent: 5 } }, 'w2');
    await waitUntil(async () => (await get(v.id)).progress?.percent === 5);
    await dropped(v, 'requeued', { reason: 'SIGTERM' }, 'w1'); // the old owner no longer speaks for the task
    expect((await get(v.id)).status).toBe('process');
    expect((await heartbeat(v, 'w1')).statusCode).toBe(409);
    expect((await heartbeat(v, 'w2')).statusCode).toBe(200);
  });
});

describe('dead letters', () => {
  /** Takes this video's job off the test job queue (acking other videos' jobs). */
  async function jobOf(videoId: string) {
    return waitUntil(async () => {
      const msg = await ch.get(h.topology.jobQueue);
      if (!msg) return undefined;
      const job = JSON.parse(msg.content.toString()) as JobMessage;
      if (job.videoId === videoId) return msg;
      ch.ack(msg);
      return undefined;
    }, 10_000, `the job of ${videoId}`);
  }

  it('sets error when a job hits the delivery limit', async () => {
    const v = await inState('queued');
    let msg: GetMessage | null = await jobOf(v.id);
    let deliveries = 0;
    while (msg) {
      deliveries++;
      ch.nack(msg, false, true);
      // The next delivery of the same job, or null once it is dead-lettered and the video failed.
      msg = await waitUntil(async () => (await ch.get(h.topology.jobQueue)) || ((await get(v.id)).status === 'error' ? null : undefined), 10_000, 'redelivery');
      if (msg && (JSON.parse(msg.content.toString()) as JobMessage).videoId !== v.id) throw new Error('unexpected job');
    }
    const failed = await until(v.id, 'error');
    expect(failed.error).toBe(`job dead-lettered after ${deliveries} deliveries: delivery limit reached`);
    expect(deliveries).toBeGreaterThan(5);
  });

  it('sets error when a worker rejects the job, and ignores a stale or unreadable dead letter', async () => {
    const v = await inState('queued');
    ch.nack(await jobOf(v.id), false, false);
    const failed = await until(v.id, 'error');
    expect(failed.error).toMatch(/^job dead-lettered after 1 delivery: rejected by a worker/);

    const w = await inState('queued');
    const pub = await h.broker.connection.createConfirmChannel();
    pub.publish(h.topology.deadLetterExchange, 'video_transcoding', Buffer.from(JSON.stringify({ videoId: w.id, taskId: randomUUID() })));
    pub.publish(h.topology.deadLetterExchange, 'video_transcoding', Buffer.from('garbage'));
    await pub.waitForConfirms();
    await pub.close();
    await h.waitForLog((l) => l.msg === 'dead-lettered job without readable ids dropped');
    await h.waitForLog((l) => l.msg.startsWith('dead-lettered job is not the current') && l.videoId === w.id);
    expect((await get(w.id)).status).toBe('queued');
  });
});
