import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, DEFAULT_TOPOLOGY, type JobMessage, type PresetSnapshot } from '@dvt/contracts';
import { execa } from 'execa';
import type { Config } from '../src/config.js';
import type { Worker } from '../src/worker.js';
import { createHarness, fastPreset, listFiles, type Harness, type RunLog } from './harness.js';

let h: Harness;
let source: string;
let short: string;
let long: string;
const preset = fastPreset(DEFAULT_PRESET, 1.2);
const slow = fastPreset(DEFAULT_PRESET, 1.2, 'slower');

beforeAll(async () => {
  h = await createHarness('lease');
  source = h.nginx.mediaUrl(await h.media.make('src', { width: 640, height: 360, duration: 6, fps: 30 }));
  // long enough (15 chunks of 'slower') that the lease runs out mid-ladder, however fast the machine
  long = h.nginx.mediaUrl(await h.media.make('long', { width: 640, height: 360, duration: 30, fps: 30 }));
  short = h.nginx.mediaUrl(await h.media.make('short', { width: 640, height: 360, duration: 2, fps: 30 }));
}, 60_000);
// Every test stops its workers, also when it fails (a leftover worker would take the next test's jobs).
const running = new Set<Worker>();
async function start(overrides: Partial<Config> = {}) {
  const w = await h.startWorker(overrides);
  running.add(w.worker);
  return w;
}
async function stop(worker: Worker) {
  running.delete(worker);
  await worker.stop();
}
afterEach(async () => {
  h.api.down = false;
  h.api.heartbeatDown = false;
  for (const w of [...running]) await stop(w);
  await h.channel.purgeQueue(DEFAULT_TOPOLOGY.jobQueue); // a job a stopped worker requeued belongs to its test only
}, 30_000);
afterAll(async () => {
  h.api.down = false;
  h.api.heartbeatDown = false;
  await h?.close();
}, 30_000);

const transcodes = (runs: RunLog[]) => runs.filter((r) => r.step === 'transcode').map((r) => r.chunk);
const ffmpegAlive = async (needle: string) => (await execa('pgrep', ['-f', needle], { reject: false })).stdout.trim() !== '';
const typesOf = (job: JobMessage) => h.events.filter((e) => e.videoId === job.videoId && e.type !== 'progress').map((e) => e.type);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A previous ladder in results/{basename} that a worker without the lease must not touch. */
async function seedResults(basename: string): Promise<string> {
  const file = path.join(h.resultsDir, basename, 'index.m3u8');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, '#EXTM3U\n# previous ladder\n');
  return file;
}

describe('the lease', () => {
  it('video-api unreachable for the whole lease: ffmpeg killed, delivery dropped unreported, workspace left to the next owner', async () => {
    const { worker, runs } = await start({ leaseSeconds: 6, tempUri: `file://${h.tempDir}/outage` });
    const job = h.job(long, slow);
    await h.publish(job);
    await h.waitUntil(() => transcodes(runs).length > 0, 'the first chunk to start');
    h.api.down = true;
    const t0 = Date.now();
    const workspace = path.join(h.tempDir, 'outage', job.basename);
    // stopped: no ffmpeg, and no new run for a second (between two chunks there is briefly no ffmpeg either)
    const stopped = async () => {
      const n = runs.length;
      if (await ffmpegAlive(workspace)) return false;
      await sleep(1000);
      return runs.length === n && !(await ffmpegAlive(workspace));
    };
    await h.waitUntil(stopped, 'ffmpeg to be killed once the lease ran out', 20_000);
    // the last successful heartbeat was at most 2 s (a third of the lease) before the outage; margin 1 s
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(runs.map((r) => r.step)).not.toContain('segment');
    expect(typesOf(job)).not.toContain('done');
    expect(typesOf(job)).not.toContain('error');
    expect(await listFiles(workspace)).toContain('split.json');
    expect(await listFiles(path.join(h.resultsDir, job.basename))).toEqual([]);
    h.api.down = false;
    await stop(worker);
  }, 60_000);

  it('a failed heartbeat right before the results are replaced: dropped, the previous results and the workspace stay', async () => {
    const { worker, runs } = await start({ leaseSeconds: 60, tempUri: `file://${h.tempDir}/upload` });
    const job = h.job(short, preset);
    const previous = await seedResults(job.basename);
    h.api.heartbeatDown = true; // claims work, heartbeats fail (periodic ones would come only after 20 s)
    const before = h.api.requests.heartbeat;
    await h.publish(job);
    await h.waitUntil(() => runs.some((r) => r.step === 'segment') && h.api.requests.heartbeat > before, 'the heartbeat before the upload');
    await sleep(1000);
    h.api.heartbeatDown = false;
    expect(typesOf(job)).toEqual(['process']);
    expect(await readFile(previous, 'utf8')).toBe('#EXTM3U\n# previous ladder\n');
    expect(await listFiles(path.join(h.tempDir, 'upload', job.basename))).toContain('split.json');
    await stop(worker);
  }, 60_000);

  it('a failed heartbeat right before the cleanup after an error: dropped, nothing deleted, no `error` reported', async () => {
    const { worker } = await start({ leaseSeconds: 60 });
    const audioOnly = h.nginx.mediaUrl(await h.media.make('audio-only', { video: false, duration: 2 }));
    const job = h.job(audioOnly, preset);
    const previous = await seedResults(job.basename);
    h.api.heartbeatDown = true;
    const before = h.api.requests.heartbeat;
    await h.publish(job);
    await h.waitUntil(() => h.api.requests.heartbeat > before, 'the heartbeat before the cleanup');
    await sleep(1000);
    h.api.heartbeatDown = false;
    expect(typesOf(job)).toEqual(['process']);
    expect(await readFile(previous, 'utf8')).toBe('#EXTM3U\n# previous ladder\n');
    await stop(worker);
  }, 60_000);
});

describe('video-api answers that mean the worker is misconfigured: requeued with backoff, never dropped', () => {
  it.each([
    ['a VIDEO_API_URL with a wrong path prefix (404 Route not found)', (url: string) => ({ videoApiUrl: `${url}/api` })],
    ['a wrong WORKER_API_KEY (401)', () => ({ workerApiKey: 'wrong-key' })],
  ])('%s', async (_name, bad) => {
    const { worker } = await start(bad(h.api.url));
    const job = h.job(short, preset);
    const before = h.api.requests.claim;
    await h.publish(job);
    await sleep(2000);
    const attempts = h.api.requests.claim - before;
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(20); // a hot loop would be hundreds
    expect(h.api.videos.get(job.videoId)?.status).toBe('queued');
    await stop(worker);
    // the job is still there for a correctly configured worker
    const good = await start();
    expect((await h.waitFor(job.videoId, ['done', 'error'])).status).toBe('done');
    await stop(good.worker);
  }, 90_000);
});

it('a re-transcode (new taskId, other preset) does not resume from the previous task’s checkpoints', async () => {
  const a = await start({ tempUri: `file://${h.tempDir}/again` });
  const first = h.job(source, slow);
  await h.publish(first);
  await h.waitUntil(() => transcodes(a.runs).length > 0, 'the first chunk to start');
  await stop(a.worker); // the first task stops mid-way: its checkpoints stay
  const workspace = path.join(h.tempDir, 'again', first.basename);
  expect(await listFiles(workspace)).toContain('profile.json');

  const small: PresetSnapshot = {
    ...preset,
    name: 'small',
    videoProfiles: preset.videoProfiles.map((p) => ({ ...p, tracks: p.tracks.slice(-1).map((t) => ({ ...t, params: { ...t.params, width: 320, height: 180 } })) })),
  };
  const second: JobMessage = { ...first, taskId: randomUUID(), preset: small, attempt: 1 };
  h.api.add(second.videoId, second.taskId);
  const b = await start({ tempUri: `file://${h.tempDir}/again` });
  await h.publish(second);
  const video = await h.waitFor(second.videoId, ['done', 'error']);
  expect(video.status).toBe('done');
  expect(b.runs.map((r) => r.step)).toContain('split');
  const master = await readFile(path.join(h.resultsDir, first.basename, 'index.m3u8'), 'utf8');
  expect(master.match(/RESOLUTION=\d+x\d+/g)).toEqual(['RESOLUTION=320x180']);
  await stop(b.worker);
}, 120_000);
