import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { DEFAULT_TOPOLOGY, JOB_MESSAGE_VERSION, parseWorkerEvent, type JobMessage, type PresetSnapshot, type VideoTrackSpec, type WorkerEvent } from '@dvt/contracts';
import { createMediaDir, createTestVhost, type MediaDir, type TestVhost } from '@dvt/testkit';
import pino from 'pino';
import type { Config } from '../src/config.js';
import { createRunner, type Runner } from '../src/media/runner.js';
import { assertTopology } from '../src/messaging/consumer.js';
import { createWorker, type Worker } from '../src/worker.js';
import { startFakeVideoApi, type FakeVideo, type FakeVideoApi } from './fake-video-api.js';
import { startNginx, type TestNginx } from './nginx.js';

export const API_KEY = 'test-worker-key';

export interface Harness {
  vhost: TestVhost;
  api: FakeVideoApi;
  nginx: TestNginx;
  media: MediaDir;
  /** holds tmp/ and results/ for file storage */
  root: string;
  tempDir: string;
  resultsDir: string;
  events: WorkerEvent[];
  channel: Channel;
  config(overrides?: Partial<Config>): Config;
  /** registers the video with the fake API and returns its job message */
  job(source: string, preset: PresetSnapshot): JobMessage;
  publish(job: JobMessage | Buffer): Promise<void>;
  waitFor(videoId: string, statuses: FakeVideo['status'][], timeoutMs?: number): Promise<FakeVideo>;
  waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  /** ready messages in the job queue (unacked ones are not counted) */
  queueDepth(queue?: string): Promise<number>;
  queueInfo(queue: string): Promise<{ messageCount: number; consumerCount: number } | null>;
  /** closes every AMQP connection of the test's virtual host (as a broker restart or network cut would) */
  dropConnections(): Promise<void>;
  /** a worker in this process, with a runner that counts ffmpeg runs per step (each held by `gate` first) */
  startWorker(overrides?: Partial<Config>, gate?: RunGate): Promise<{ worker: Worker; runs: RunLog[] }>;
  /** stops every worker started so far (a failed test must not leave a consumer behind for the next) */
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface RunLog {
  step: string;
  chunk?: unknown;
}

/** Holds an ffmpeg run before it starts, so a test can act while a job is certainly mid-flight. */
export type RunGate = (run: RunLog, signal: AbortSignal) => Promise<void> | void;

/** Wraps the real runner to record each ffmpeg run (step, chunk), passing each through the gate first. */
export function countingRunner(base: Runner, runs: RunLog[], gate?: RunGate): Runner {
  return {
    ffmpeg: async (args, o) => {
      const run = { step: o.step, chunk: o.context?.chunk };
      runs.push(run);
      await gate?.(run, o.signal);
      return base.ffmpeg(args, o);
    },
    ffprobe: (args, o) => base.ffprobe(args, o),
    killAll: () => base.killAll(),
  };
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).map(String).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function createHarness(prefix: string): Promise<Harness> {
  const vhost = await createTestVhost(`worker_${prefix}`);
  const api = await startFakeVideoApi(API_KEY);
  const media = await createMediaDir(`dvt-${prefix}-media-`);
  const nginx = await startNginx(media.dir);
  const root = await mkdtemp(path.join(tmpdir(), `dvt-${prefix}-`));
  const tempDir = path.join(root, 'tmp');
  const resultsDir = path.join(root, 'results');
  const events: WorkerEvent[] = [];
  const jobs = new Map<string, JobMessage>();
  // The harness's own connection heals too: a test may close every connection of the vhost.
  let conn: ChannelModel;
  let channel: Channel;
  let closing = false;
  const connect = async (): Promise<void> => {
    conn = await amqp.connect(vhost.url);
    conn.on('error', () => undefined);
    conn.on('close', () => {
      if (!closing) setTimeout(() => void connect().catch(() => undefined), 200);
    });
    channel = await conn.createChannel();
    channel.on('error', () => undefined);
    await assertTopology(channel, DEFAULT_TOPOLOGY);
    const ch = channel;
    await ch.consume(DEFAULT_TOPOLOGY.eventsQueue, (msg) => {
      if (!msg) return;
      const parsed = parseWorkerEvent(msg.content);
      if (parsed.ok) {
        const e = parsed.value;
        events.push(e);
        const before = api.videos.get(e.videoId)?.status;
        api.apply(e);
        // As video-api's outbox does: a `requeued` task goes out again as a fresh message.
        const job = jobs.get(e.videoId);
        if (e.type === 'requeued' && before === 'process' && api.videos.get(e.videoId)?.status === 'queued' && job?.taskId === e.taskId) {
          job.attempt += 1;
          ch.publish(DEFAULT_TOPOLOGY.jobExchange, DEFAULT_TOPOLOGY.routingKey, Buffer.from(JSON.stringify(job)), { persistent: true, contentType: 'application/json' });
        }
      }
      ch.ack(msg);
    });
  };
  await connect();
  const workers: Worker[] = [];

  // A throwaway channel per check: a 404 on a missing queue closes the channel it was asked on.
  const queueInfo = async (queue: string) => {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    try {
      return await ch.checkQueue(queue);
    } catch {
      return null;
    } finally {
      await ch.close().catch(() => undefined);
    }
  };

  const config = (overrides: Partial<Config> = {}): Config => ({
    amqpUrl: vhost.url,
    videoApiUrl: api.url,
    workerApiKey: API_KEY,
    tempUri: `file://${tempDir}`,
    resultsUri: `file://${resultsDir}`,
    chunkDuration: 2,
    connectTimeout: 2,
    requestTimeout: 5,
    transcodingTimeout: 600,
    leaseSeconds: 30,
    workerId: `test-${randomUUID().slice(0, 8)}`,
    logLevel: 'silent',
    ...overrides,
  });

  const waitUntil = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    vhost,
    api,
    nginx,
    media,
    root,
    tempDir,
    resultsDir,
    events,
    get channel() {
      return channel;
    },
    config,
    job(source, preset) {
      const job: JobMessage = { version: JOB_MESSAGE_VERSION, taskId: randomUUID(), videoId: randomUUID(), source, basename: randomUUID(), preset, attempt: 1 };
      api.add(job.videoId, job.taskId);
      jobs.set(job.videoId, { ...job });
      return job;
    },
    async publish(job) {
      const body = Buffer.isBuffer(job) ? job : Buffer.from(JSON.stringify(job));
      channel.publish(DEFAULT_TOPOLOGY.jobExchange, DEFAULT_TOPOLOGY.routingKey, body, { persistent: true, contentType: 'application/json' });
    },
    async waitFor(videoId, statuses, timeoutMs = 90_000) {
      await waitUntil(() => statuses.includes(api.videos.get(videoId)?.status ?? 'queued'), `video ${videoId} to be ${statuses.join('|')}`, timeoutMs);
      return api.videos.get(videoId) as FakeVideo;
    },
    waitUntil,
    async queueDepth(queue = DEFAULT_TOPOLOGY.jobQueue) {
      return (await queueInfo(queue))?.messageCount ?? 0;
    },
    queueInfo,
    async dropConnections() {
      await execa('rabbitmqctl', ['close_all_connections', '--vhost', vhost.name, 'test: connection cut'], { timeout: 30_000 });
    },
    async startWorker(overrides = {}, gate) {
      const runs: RunLog[] = [];
      const logger = pino({ level: process.env.WORKER_TEST_LOG ?? 'silent' }, pino.destination(2));
      const worker = createWorker(config(overrides), {
        logger,
        runner: countingRunner(createRunner(logger), runs, gate),
        claimBackoffMs: [100, 200],
        requeueDelayMs: 300,
        reconnectBackoff: { minMs: 100, maxMs: 1000 },
      });
      workers.push(worker);
      await worker.start();
      return { worker, runs };
    },
    async stopWorkers() {
      for (const w of workers.splice(0)) await w.stop().catch(() => undefined);
    },
    async close() {
      for (const w of workers.splice(0)) await w.stop().catch(() => undefined);
      closing = true;
      await conn.close().catch(() => undefined);
      await vhost.drop().catch(() => undefined);
      await api.close();
      await nginx.stop();
      await media.cleanup();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The default preset's profiles and conditions with fast, small-GOP tracks (CI-speed ladders). */
export function fastPreset(base: PresetSnapshot, segmentDuration: number, x264: 'ultrafast' | 'veryfast' | 'slower' = 'ultrafast'): PresetSnapshot {
  const fast = (t: VideoTrackSpec): VideoTrackSpec => ({
    ...t,
    params: { ...t.params, preset: x264, constantRateFactor: 30, gopSize: Math.round(segmentDuration * t.params.frameRate) },
  });
  return {
    ...base,
    name: `fast-${x264}`,
    videoTracks: base.videoTracks.map(fast),
    videoProfiles: base.videoProfiles.map((p) => ({ ...p, segmentDuration, tracks: p.tracks.map(fast) })),
  };
}
