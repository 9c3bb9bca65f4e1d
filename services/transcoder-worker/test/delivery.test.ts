import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, DEFAULT_TOPOLOGY, JOB_DELIVERY_LIMIT } from '@dvt/contracts';
import { execa } from 'execa';
import { createHarness, fastPreset, listFiles, type Harness } from './harness.js';

let h: Harness;
let source: string;
const preset = fastPreset(DEFAULT_PRESET, 1.2);

beforeAll(async () => {
  h = await createHarness('delivery');
  source = h.nginx.mediaUrl(await h.media.make('src', { width: 640, height: 360, duration: 6, fps: 30 }));
}, 60_000);
// A failed test must leave neither a consumer nor a requeued job behind for the next one.
afterEach(async () => {
  h.api.down = false;
  await h.stopWorkers();
  await h.channel.purgeQueue(DEFAULT_TOPOLOGY.jobQueue);
}, 30_000);
afterAll(() => h?.close(), 30_000);

const transcodes = (runs: { step: string; chunk?: unknown }[]) => runs.filter((r) => r.step === 'transcode').map((r) => r.chunk);
const ffmpegAlive = async (needle: string) => (await execa('pgrep', ['-f', needle], { reject: false })).stdout.trim() !== '';

it('a duplicate delivery of the same job transcodes once', async () => {
  const a = await h.startWorker();
  const b = await h.startWorker();
  const job = h.job(source, preset);
  await h.publish(job);
  await h.publish(job);
  const video = await h.waitFor(job.videoId, ['done', 'error']);
  expect(video.status).toBe('done');
  await h.waitUntil(async () => video.claims.length === 2 && (await h.queueDepth()) === 0, 'the duplicate to be dropped');
  expect(video.claims.map((c) => c.status)).toEqual([200, 409]);
  expect([...transcodes(a.runs), ...transcodes(b.runs)]).toEqual([0, 1, 2]);
  expect(h.events.filter((e) => e.videoId === job.videoId && e.type === 'done')).toHaveLength(1);
  await a.worker.stop();
  await b.worker.stop();
}, 90_000);

it('video-api unreachable: the delivery is requeued with a backoff, never a hot loop, then runs', async () => {
  const { worker } = await h.startWorker();
  h.api.down = true;
  const before = h.api.requests.claim;
  const job = h.job(source, preset);
  await h.publish(job);
  await new Promise((r) => setTimeout(r, 2000));
  const attempts = h.api.requests.claim - before;
  expect(attempts).toBeGreaterThanOrEqual(3);
  expect(attempts).toBeLessThanOrEqual(20); // a hot loop would be hundreds
  expect(h.api.videos.get(job.videoId)?.status).toBe('queued');
  h.api.down = false;
  expect((await h.waitFor(job.videoId, ['done', 'error'])).status).toBe('done');
  await worker.stop();
}, 90_000);

it('a lost lease (heartbeat 409) kills ffmpeg and drops the delivery without reporting', async () => {
  // 20 chunks of 'slower' encodes with a heartbeat every second: the 409 always lands mid-ladder.
  const long = h.nginx.mediaUrl(await h.media.make('long', { width: 640, height: 360, duration: 40, fps: 30 }));
  const { worker, runs } = await h.startWorker({ leaseSeconds: 3, tempUri: `file://${h.tempDir}/lease` });
  const job = h.job(long, fastPreset(DEFAULT_PRESET, 1.2, 'slower'));
  await h.publish(job);
  await h.waitUntil(() => transcodes(runs).length > 0, 'the first chunk to start');
  const video = h.api.videos.get(job.videoId)!;
  const conflictsBefore = h.api.requests.heartbeatConflicts;
  video.workerId = 'someone-else'; // another worker took the video over
  await h.waitUntil(async () => h.api.requests.heartbeatConflicts > conflictsBefore && !(await ffmpegAlive(`${h.tempDir}/lease/${job.basename}`)), 'ffmpeg to be killed', 15_000);
  await worker.stop();
  // acked, not requeued: a requeued copy would be claimed again or still wait in the queue
  expect(await h.queueDepth()).toBe(0);
  expect(video.claims.map((c) => c.status)).toEqual([200]);
  expect(transcodes(runs).length).toBeLessThan(20);
  expect(video.status).toBe('process');
  const types = h.events.filter((e) => e.videoId === job.videoId).map((e) => e.type);
  expect(types).not.toContain('done');
  expect(types).not.toContain('error');
  expect(types).not.toContain('requeued');
  // the workspace stays for the new owner
  expect(await listFiles(path.join(h.tempDir, 'lease', job.basename))).toContain('split.json');
}, 60_000);

it('connection cut mid-job (like a consumer_timeout close): the job finishes once, the redelivered copy is dropped', async () => {
  // The first chunk's encode waits until the cut is done, so the cut always lands mid-job however slow rabbitmqctl is.
  let cut: () => void = () => undefined;
  const connectionsCut = new Promise<void>((r) => (cut = r));
  const { worker, runs } = await h.startWorker({}, (run) => (run.step === 'transcode' && run.chunk === 0 ? connectionsCut : undefined));
  const job = h.job(source, fastPreset(DEFAULT_PRESET, 1.2, 'veryfast'));
  await h.publish(job);
  await h.waitUntil(() => transcodes(runs).length > 0, 'the first chunk to start');
  await h.dropConnections();
  cut();
  const video = await h.waitFor(job.videoId, ['done', 'error']);
  expect(video.status).toBe('done');
  await h.waitUntil(async () => video.claims.length === 2 && (await h.queueDepth()) === 0, 'the redelivered copy to be dropped', 30_000);
  expect(video.claims.map((c) => c.status)).toEqual([200, 409]);
  expect(transcodes(runs)).toEqual([0, 1, 2]);
  await worker.stop();
}, 90_000);

it('the broker cancelling the consumer (queue deleted): the worker consumes again', async () => {
  const { worker } = await h.startWorker();
  await h.channel.deleteQueue(DEFAULT_TOPOLOGY.jobQueue);
  await h.waitUntil(async () => (await h.queueInfo(DEFAULT_TOPOLOGY.jobQueue))?.consumerCount === 1, 'the consumer to come back', 15_000);
  const job = h.job(source, preset);
  await h.publish(job);
  expect((await h.waitFor(job.videoId, ['done', 'error'])).status).toBe('done');
  await worker.stop();
}, 90_000);

it('a job preempted by more deploys than the delivery limit is never dead-lettered: each stop acks and the job is re-sent, then done', async () => {
  const job = h.job(source, preset);
  await h.publish(job);
  // Each worker is stopped (as a rolling deploy would) while its first encode is held.
  const holdEncodes = (run: { step: string }, signal: AbortSignal) =>
    run.step === 'transcode' ? new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })) : undefined;
  for (let deploy = 0; deploy < JOB_DELIVERY_LIMIT + 2; deploy += 1) {
    const { worker, runs } = await h.startWorker({}, holdEncodes);
    await h.waitUntil(() => transcodes(runs).length > 0, `deploy ${deploy}: the encode to start`, 30_000);
    await worker.stop();
    await h.waitUntil(async () => h.api.videos.get(job.videoId)?.status === 'queued' && (await h.queueDepth()) === 1, `deploy ${deploy}: the job re-sent`, 10_000);
  }
  const { worker } = await h.startWorker();
  const video = await h.waitFor(job.videoId, ['done', 'error']);
  expect(video.error).toBeNull();
  expect(video.status).toBe('done');
  expect(h.events.filter((e) => e.videoId === job.videoId && e.type === 'requeued')).toHaveLength(JOB_DELIVERY_LIMIT + 2);
  expect(await h.queueDepth(DEFAULT_TOPOLOGY.deadLetterQueue)).toBe(0);
  await worker.stop();
}, 120_000);

it('a job for a deleted video is dropped and the workspace an earlier run left is removed', async () => {
  // An earlier run got as far as the split, then the video was deleted while queued.
  const first = await h.startWorker({}, (run, signal) =>
    run.step === 'transcode' ? new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })) : undefined,
  );
  const job = h.job(source, preset);
  await h.publish(job);
  await h.waitUntil(() => transcodes(first.runs).length > 0, 'the first encode to start');
  await first.worker.stop();
  const workspace = path.join(h.tempDir, job.basename);
  expect(await listFiles(workspace)).toContain('split.json');
  await h.waitUntil(async () => (await h.queueDepth()) === 1, 'the job re-sent');
  h.api.videos.delete(job.videoId);

  const { worker, runs } = await h.startWorker();
  await h.waitUntil(async () => (await h.queueDepth()) === 0 && (await listFiles(workspace)).length === 0, 'the workspace to be removed');
  expect(runs).toEqual([]);
  await worker.stop();
  expect(await h.queueDepth()).toBe(0);
}, 60_000);
