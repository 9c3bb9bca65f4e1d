import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, type PresetSnapshot } from '@dvt/contracts';
import { execa } from 'execa';
import { spawnWorker, type ChildWorker } from './child-worker.js';
import { API_KEY, createHarness, fastPreset, listFiles, type Harness } from './harness.js';

let h: Harness;
let source: string;
const children: ChildWorker[] = [];
// A small rendition with slow x264 settings: a chunk is still being encoded when the signal lands.
const slow = fastPreset(DEFAULT_PRESET, 1.2, 'slower');
const preset: PresetSnapshot = {
  ...slow,
  videoProfiles: slow.videoProfiles.map((p) => ({ ...p, tracks: p.tracks.slice(-1).map((t) => ({ ...t, params: { ...t.params, width: 320, height: 180 } })) })),
};

beforeAll(async () => {
  h = await createHarness('process');
  source = h.nginx.mediaUrl(await h.media.make('ten-seconds', { width: 640, height: 360, fps: 30, duration: 10 }));
}, 60_000);
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await h?.close();
}, 30_000);

async function worker(id: string, extra: Record<string, string> = {}): Promise<ChildWorker> {
  const w = await spawnWorker(
    {
      AMQP_URL: h.vhost.url,
      VIDEO_API_URL: h.api.url,
      WORKER_API_KEY: API_KEY,
      VIDEO_TEMP_URI: `file://${h.tempDir}`,
      VIDEO_RESULTS_URI: `file://${h.resultsDir}`,
      VIDEO_CHUNK_DURATION: '2',
      LEASE_SECONDS: '5',
      WORKER_ID: id,
      LOG_LEVEL: 'info',
      ...extra,
    },
    h.root,
  );
  children.push(w);
  return w;
}

const ffmpegAlive = async (needle: string) => (await execa('pgrep', ['-f', needle], { reject: false })).stdout.trim() !== '';
const transcodeStarted = (chunk: number) => (l: Record<string, unknown>) => l.msg === 'ffmpeg run' && l.step === 'transcode' && l.chunk === chunk;
const chunksOf = (w: ChildWorker) => w.runs().filter((r) => r.step === 'transcode').map((r) => r.chunk);

it('SIGKILL during chunk 3 of 5, then a second worker: done, chunks 1-2 not transcoded again, no ffmpeg orphan', async () => {
  const job = h.job(source, preset);
  const w1 = await worker('w1');
  await h.publish(job);
  await w1.waitForLog(transcodeStarted(2));
  w1.child.kill('SIGKILL');
  await w1.exited;
  const workspace = path.join(h.tempDir, job.basename);
  // ffmpeg's next -progress write hits the dead pipe: it dies on its own
  await h.waitUntil(async () => !(await ffmpegAlive(workspace)), 'the orphaned ffmpeg to die', 5000);
  expect(chunksOf(w1)).toEqual([0, 1, 2]);

  // the lease of the dead worker expires; the redelivered message is then taken over
  const video = h.api.videos.get(job.videoId)!;
  await h.waitUntil(() => video.leaseExpiresAt < Date.now(), 'the lease to expire', 10_000);
  const w2 = await worker('w2');
  const done = await h.waitFor(job.videoId, ['done', 'error'], 120_000);
  expect(done.error).toBeNull();
  expect(done.status).toBe('done');
  expect(chunksOf(w2)).toEqual([2, 3, 4]);
  expect(w2.runs().map((r) => r.step)).not.toContain('split');
  expect(await listFiles(workspace)).toEqual([]);
  expect(await listFiles(path.join(h.resultsDir, job.basename))).toContain('index.m3u8');
  w2.child.kill('SIGTERM');
  expect(await w2.exited).toEqual({ code: 0, signal: null });
}, 180_000);

it('SIGTERM during a chunk: ffmpeg killed, `requeued`, delivery acked (video-api re-sends the job), exit 0 in < 10 s; the next worker resumes to done', async () => {
  const job = h.job(source, preset);
  const w3 = await worker('w3');
  await h.publish(job);
  await w3.waitForLog(transcodeStarted(1));
  const t0 = Date.now();
  w3.child.kill('SIGTERM');
  expect(await w3.exited).toEqual({ code: 0, signal: null });
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(await ffmpegAlive(path.join(h.tempDir, job.basename))).toBe(false);
  await h.waitUntil(() => h.events.some((e) => e.videoId === job.videoId && e.type === 'requeued'), 'the requeued event', 5000);
  const video = h.api.videos.get(job.videoId)!;
  expect(video.status).toBe('queued');
  // the harness re-sends the job as video-api's outbox does
  await h.waitUntil(async () => (await h.queueDepth()) === 1, 'the job back in the queue', 5000);

  const w4 = await worker('w4');
  const done = await h.waitFor(job.videoId, ['done', 'error'], 120_000);
  expect(done.status).toBe('done');
  expect(chunksOf(w3)).toEqual([0, 1]);
  expect(chunksOf(w4)).toEqual([1, 2, 3, 4]);
  w4.child.kill('SIGTERM');
  await w4.exited;
  // one copy only: a nacked original beside the re-sent job would have been claimed again (409) or still be queued
  expect(video.claims.map((c) => c.status)).toEqual([200, 200]);
  expect(await h.queueDepth()).toBe(0);
}, 180_000);

it('bad configuration: one line naming the variable, exit 1', async () => {
  const w = await worker('bad', { VIDEO_CHUNK_DURATION: '0' });
  expect(await w.exited).toEqual({ code: 1, signal: null });
  expect(w.stderr).toEqual(['transcoder-worker: invalid configuration: VIDEO_CHUNK_DURATION must be >= 1 (got "0")']);
}, 30_000);
