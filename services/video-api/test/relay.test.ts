import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, parseJobMessage, type Video } from '@dvt/contracts';
import { sql } from 'kysely';
import { countPending, insertOutbox } from '../src/db/outbox.repository.js';
import { buildJobMessage } from '../src/domain/job.js';
import { brokerReady, collectJobs, startHarness, startTcpProxy, waitUntil, type Harness } from './harness.js';

const SRC = 'http://93.184.216.34/media/clip.mp4';

describe('outbox relay, broker up', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await brokerReady(h);
  });
  afterAll(() => h?.close());

  it('publishes exactly one job per video for 200 concurrent creates', async () => {
    const collector = await collectJobs(h);
    try {
      const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => h.request('POST', '/videos', { source: `${SRC}?n=${i}` })));
      expect(replies.map((r) => r.statusCode)).toEqual(Array<number>(200).fill(201));
      const videos = replies.map((r) => r.json<Video>());
      expect(videos.every((v) => v.status === 'queued')).toBe(true);
      await waitUntil(() => collector.jobs.length >= 200, 20_000, '200 jobs');
      await new Promise((resolve) => setTimeout(resolve, 700)); // several relay polls: nothing more may arrive
      expect(collector.jobs).toHaveLength(200);
      expect(new Set(collector.jobs.map((j) => j.taskId))).toEqual(new Set(videos.map((v) => v.taskId)));
      for (const msg of collector.raw) expect(parseJobMessage(msg.content)).toMatchObject({ ok: true });
      const first = collector.raw[0];
      expect(first?.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2 });
      expect(first?.properties.messageId).toBe(collector.jobs[0]?.taskId);
      expect(await countPending(h.runtime.db)).toBe(0);
      const queued = await sql<{ n: string }>`select count(*) as n from videos where status = 'queued'`.execute(h.runtime.db);
      expect(Number(queued.rows[0]?.n)).toBe(200);
    } finally {
      await collector.stop();
    }
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const collector = await collectJobs(h);
    try {
      const job = buildJobMessage({ videoId: randomUUID(), taskId: randomUUID(), source: SRC, basename: randomUUID(), preset: DEFAULT_PRESET, attempt: 1 });
      await expect(
        h.runtime.db.transaction().execute(async (trx) => {
          await insertOutbox(trx, job);
          h.runtime.relay.nudge();
          await new Promise((resolve) => setTimeout(resolve, 300));
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      h.runtime.relay.nudge();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(collector.jobs.filter((j) => j.taskId === job.taskId)).toEqual([]);
      expect(await countPending(h.runtime.db)).toBe(0);
    } finally {
      await collector.stop();
    }
  });
});

describe('outbox relay across a broker outage', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  beforeAll(async () => {
    h = await startHarness({
      amqpUrl: async (direct) => {
        const u = new URL(direct);
        proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5672) });
        u.host = `127.0.0.1:${proxy.port}`;
        return u.toString();
      },
    });
    await brokerReady(h);
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  it('keeps creates while RabbitMQ is unreachable and publishes them all when it is back', async () => {
    const collector = await collectJobs(h);
    try {
      await proxy.stop();
      await waitUntil(() => !h.runtime.broker.isConnected(), 10_000, 'the app to notice the outage');
      expect((await h.request('GET', '/ready')).statusCode).toBe(503);
      const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => h.request('POST', '/videos', { source: `${SRC}?down=${i}` })));
      expect(replies.map((r) => r.statusCode)).toEqual(Array<number>(30).fill(201));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(collector.jobs).toEqual([]);
      expect(await countPending(h.runtime.db)).toBe(30);
      await proxy.start();
      await waitUntil(() => collector.jobs.length >= 30, 20_000, '30 jobs after the broker came back');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(new Set(collector.jobs.map((j) => j.taskId))).toEqual(new Set(replies.map((r) => r.json<Video>().taskId)));
      expect(collector.jobs).toHaveLength(30);
      expect(await countPending(h.runtime.db)).toBe(0);
      expect((await h.request('GET', '/ready')).statusCode).toBe(200);
    } finally {
      await collector.stop();
    }
  });
});
