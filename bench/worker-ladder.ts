// Benchmark (not a test) of the transcoder-worker's resumable chunked strategy against
// one plain ffmpeg command. Run from the repository root:
//   pnpm exec tsx bench/worker-ladder.ts [seconds=30] [x264-preset=veryfast] [chunk-seconds=10]
// It renders a 720p source (3 Mb/s, so the default preset's 720p profile is chosen:
// 720p/480p/360p), runs a real worker (RabbitMQ with unique names, a stub video-api over
// HTTP, file storage in a temp dir) and times it from the claim to the `done` event; the
// baseline encodes the same ladder from the same source straight to HLS in one ffmpeg
// command with the same x264 preset, segment duration and forced key frames. Cleans up.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import { DEFAULT_PRESET, DEFAULT_TOPOLOGY, JOB_MESSAGE_VERSION, parseWorkerEvent, type BrokerTopology, type JobMessage, type PresetSnapshot, type VideoTrackSpec } from '../packages/contracts/src/index.js';
import { createMediaDir, createTestBroker } from '../packages/testkit/src/index.js';
import { assertTopology } from '../services/transcoder-worker/src/messaging/consumer.js';
import { createWorker } from '../services/transcoder-worker/src/worker.js';
import { startFakeVideoApi } from '../services/transcoder-worker/test/fake-video-api.js';
import { startNginx } from '../services/transcoder-worker/test/nginx.js';

// pino is a dependency of the service, not of the repository root.
const requireFromService = createRequire(new URL('../services/transcoder-worker/package.json', import.meta.url));
const pino = requireFromService('pino') as (options: { level: string }) => Logger;

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
}

const seconds = Number(process.argv[2] ?? 30);
const x264 = (process.argv[3] ?? 'veryfast') as VideoTrackSpec['params']['preset'];
const chunkSeconds = Number(process.argv[4] ?? 10);
const SEGMENT = 4.8;

const fast = (t: VideoTrackSpec): VideoTrackSpec => ({ ...t, params: { ...t.params, preset: x264 } });
const profile720 = DEFAULT_PRESET.videoProfiles[1]!;
const preset: PresetSnapshot = { ...DEFAULT_PRESET, name: 'bench', videoProfiles: [{ ...profile720, tracks: profile720.tracks.map(fast) }] };
const tracks = preset.videoProfiles[0]!.tracks;
const audio = preset.audioTracks[0]!.params;

/** One ffmpeg command: one decode, the same three x264 encodes, AAC, HLS. */
function baselineArgs(source: string, out: string): string[] {
  const graph = [`[0:v:0]split=${tracks.length}${tracks.map((_, i) => `[s${i}]`).join('')}`, ...tracks.map((t, i) => `[s${i}]fps=${t.params.frameRate},scale=${t.params.width}:${t.params.height},setsar=1,format=yuv420p[v${i}]`)].join(';');
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', source, '-filter_complex', graph];
  tracks.forEach((t, i) => {
    const p = t.params;
    args.push('-map', `[v${i}]`, `-c:v:${i}`, 'libx264', `-preset:v:${i}`, String(p.preset), `-crf:v:${i}`, String(p.constantRateFactor), `-maxrate:v:${i}`, String(p.maxRate), `-bufsize:v:${i}`, String(p.bufSize), `-profile:v:${i}`, String(p.profile), `-g:v:${i}`, String(p.gopSize));
    args.push('-map', '0:a:0');
  });
  args.push('-force_key_frames', `expr:gte(t,n_forced*${SEGMENT})`, '-c:a', 'aac', '-b:a', String(audio.bitrate), '-ac', String(audio.channels), '-ar', String(audio.sampleRate));
  args.push('-f', 'hls', '-hls_time', String(SEGMENT), '-hls_playlist_type', 'vod', '-hls_segment_filename', `${out}/segment-%v-%05d.ts`, '-master_pl_name', 'index.m3u8');
  args.push('-var_stream_map', tracks.map((_, i) => `v:${i},a:${i}`).join(' '), `${out}/playlist-%v.m3u8`);
  return args;
}

async function main() {
  const media = await createMediaDir('dvt-bench-media-');
  const root = await mkdtemp(path.join(tmpdir(), 'dvt-bench-'));
  const broker = await createTestBroker();
  const api = await startFakeVideoApi('bench-key');
  const topology: BrokerTopology = {
    jobExchange: broker.name('jobs'),
    jobQueue: broker.name('jobs'),
    routingKey: DEFAULT_TOPOLOGY.routingKey,
    deadLetterExchange: broker.name('dlx'),
    deadLetterQueue: broker.name('dead'),
    eventsExchange: broker.name('events'),
    eventsQueue: broker.name('events'),
  };
  const logger = pino({ level: 'warn' });
  const worker = createWorker(
    {
      amqpUrl: broker.url,
      videoApiUrl: api.url,
      workerApiKey: 'bench-key',
      tempUri: `file://${root}/tmp`,
      resultsUri: `file://${root}/results`,
      chunkDuration: chunkSeconds,
      connectTimeout: 5,
      requestTimeout: 30,
      transcodingTimeout: 3600,
      leaseSeconds: 60,
      workerId: 'bench',
      logLevel: 'warn',
    },
    { logger, topology },
  );
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    process.stdout.write(`rendering a ${seconds} s 1280x720 30 fps source with audio...\n`);
    const source = await media.make('source', { width: 1280, height: 720, fps: 30, duration: seconds, videoBitrate: 3_000_000 });
    const ch = await broker.connection.createChannel();
    await assertTopology(ch, topology);
    await worker.start();

    // The worker reads http(s)/ftp sources: serve the media directory with nginx (range requests, like a real origin).
    nginx = await startNginx(media.dir);
    const job: JobMessage = { version: JOB_MESSAGE_VERSION, taskId: crypto.randomUUID(), videoId: crypto.randomUUID(), source: nginx.mediaUrl(source), basename: crypto.randomUUID(), preset, attempt: 1 };
    const video = api.add(job.videoId, job.taskId);

    let claimedAt = 0;
    const done = new Promise<number>((resolve, reject) => {
      void ch.consume(topology.eventsQueue, (msg) => {
        if (!msg) return;
        const e = parseWorkerEvent(msg.content);
        ch.ack(msg);
        if (!e.ok || e.value.videoId !== job.videoId) return;
        api.apply(e.value);
        if (e.value.type === 'process') claimedAt = claimedAt || performance.now();
        if (e.value.type === 'done') resolve(performance.now());
        if (e.value.type === 'error') reject(new Error(e.value.error));
      });
    });
    const published = performance.now();
    ch.publish(topology.jobExchange, topology.routingKey, Buffer.from(JSON.stringify(job)), { persistent: true });
    const finished = await done;
    const claimSeen = video.claims.length > 0 ? claimedAt : published;
    const workerSeconds = (finished - claimSeen) / 1000;

    const out = path.join(root, 'baseline');
    await mkdir(out, { recursive: true });
    const t0 = performance.now();
    await ffmpeg(baselineArgs(source, out));
    const baselineSeconds = (performance.now() - t0) / 1000;

    const chunks = Math.max(1, Math.round(seconds / chunkSeconds));
    process.stdout.write(
      [
        `ladder: ${tracks.map((t) => `${t.params.width}x${t.params.height}`).join(', ')} + AAC ${audio.bitrate / 1000}k, x264 ${x264}, segments ${SEGMENT} s`,
        `worker (claim -> done, ${chunks} chunks of ~${chunkSeconds} s): ${workerSeconds.toFixed(2)} s`,
        `baseline (one ffmpeg command to HLS):           ${baselineSeconds.toFixed(2)} s`,
        `ratio worker / baseline: ${(workerSeconds / baselineSeconds).toFixed(2)}`,
        '',
      ].join('\n'),
    );
    await ch.close();
  } finally {
    await nginx?.stop();
    await worker.stop();
    await api.close();
    await broker.close();
    await media.cleanup();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
