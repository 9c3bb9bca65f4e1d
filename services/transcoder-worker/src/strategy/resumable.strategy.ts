import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PresetSnapshot, ProgressPhase } from '@dvt/contracts';
import type { Logger } from 'pino';
import { chunkKeyFrameTimes, parseSegmentList, planChunkCuts, type Chunk } from '../domain/chunks.js';
import { JobError } from '../domain/errors.js';
import { normalizeProbe, requireVideo, type MediaInfo, type RawProbe } from '../domain/probe.js';
import { selectProfiles, type SelectedProfiles } from '../domain/profile.js';
import { audioArgs, ffconcat, hlsArgs, probeArgs, renditionSize, sourceProtocols, splitArgs, transcodeChunkArgs } from '../media/ffmpeg-args.js';
import { MediaCommandError, type Runner } from '../media/runner.js';
import { readText, type Storage } from '../storage/storage.js';
import { Workspace } from './workspace.js';
import { describeResult, writeMaster } from './result.js';

export interface StrategyDeps {
  runner: Runner;
  temp: Storage;
  results: Storage;
  logger: Logger;
  chunkDuration: number;
  requestTimeout: number;
}

export interface StrategyJob {
  source: string;
  basename: string;
  taskId: string;
  preset: PresetSnapshot;
  signal: AbortSignal;
  /** a synchronous heartbeat; throws (the job stops) when the lease is not confirmed */
  confirmLease(): Promise<void>;
  onProgress(phase: ProgressPhase, fraction: number): void;
}

export interface StrategyResult {
  metadata: Record<string, unknown>;
  duration: number;
}

interface SplitResult {
  chunks: Chunk[];
  audio: boolean;
}

// Checkpoints in {VIDEO_TEMP_URI}/{basename}/, each skipped when present.
const TASK_JSON = 'task.json'; // which task the checkpoints belong to
const SOURCE_JSON = 'source.json';
const PROFILE_JSON = 'profile.json';
const SPLIT_JSON = 'split.json';
const SOURCE_AUDIO = 'source/audio.mka';
const AUDIO = 'audio.mka';
const sourceChunk = (c: Chunk) => `source/${c.file}`;
const transcodedChunk = (c: Chunk) => `transcoded/chunk-${String(c.index).padStart(5, '0')}.mkv`;

/** A source step failing means the source cannot be read: say so in words. */
function sourceError(err: unknown): never {
  if (err instanceof MediaCommandError) throw new JobError(`cannot read the source: ${err.stderrTail || err.message}`);
  throw err;
}

/**
 * The seed's ResumableStrategy: analyze -> select profile -> split -> transcode
 * chunks -> audio -> segment to HLS -> probe the result. Every step's result is
 * a checkpoint in the shared workspace, so a job taken over by another worker
 * resumes after the last finished step (or chunk).
 */
export async function runResumable(deps: StrategyDeps, job: StrategyJob): Promise<StrategyResult> {
  const { runner, logger } = deps;
  // A re-transcode (new taskId, maybe another preset) starts over; a requeue of the same task resumes.
  const owner = await readText(deps.temp, `${job.basename}/${TASK_JSON}`);
  const ownerTaskId = owner === null ? null : (JSON.parse(owner) as { taskId?: unknown }).taskId;
  if (ownerTaskId !== job.taskId) {
    if (ownerTaskId !== null) logger.info({ previousTaskId: ownerTaskId }, 'workspace belongs to another task: wiped');
    await deps.temp.delete(job.basename);
  }
  const ws = await Workspace.open(deps.temp, job.basename);
  if (ownerTaskId !== job.taskId) await ws.writeJson(TASK_JSON, { taskId: job.taskId });
  const run = { signal: job.signal };
  try {
    // 1. analyze
    job.onProgress('analyze', 0);
    let info = await ws.readJson<MediaInfo>(SOURCE_JSON);
    const protocols = sourceProtocols(job.source);
    if (!info) {
      const json = await runner.ffprobe(probeArgs(job.source, protocols, deps.requestTimeout), { ...run, step: 'probe' }).catch(sourceError);
      info = normalizeProbe(JSON.parse(json) as RawProbe);
      requireVideo(info);
      await ws.writeJson(SOURCE_JSON, info);
    } else logger.info('analyze: checkpoint found, skipped');
    requireVideo(info);
    const video = info.video;

    // 2. select profile
    let selected = await ws.readJson<SelectedProfiles>(PROFILE_JSON);
    if (!selected) {
      selected = selectProfiles(job.preset, info);
      await ws.writeJson(PROFILE_JSON, selected);
    }
    logger.info({ videoProfile: selected.video.name, audioProfile: selected.audio?.name ?? null }, 'profile selected');

    // 3. split (video stream copied into chunks, audio copied whole)
    job.onProgress('split', 0);
    let split = await ws.readJson<SplitResult>(SPLIT_JSON);
    if (!split) {
      const dir = await ws.scratchPath('split/list.csv').then(path.dirname);
      const withAudio = Boolean(selected.audio && info.audio);
      const audioOut = path.join(dir, 'audio.mka');
      const cuts = planChunkCuts(info.duration, deps.chunkDuration);
      const args = splitArgs({
        source: job.source,
        protocols,
        rwTimeoutSeconds: deps.requestTimeout,
        videoIndex: video.index,
        cuts,
        chunkPattern: path.join(dir, 'chunk-%05d.mkv'),
        listFile: path.join(dir, 'list.csv'),
        audio: withAudio && info.audio ? { index: info.audio.index, output: audioOut } : null,
      });
      await runner
        .ffmpeg(args, { ...run, step: 'split', duration: info.duration, onProgress: (f) => job.onProgress('split', f) })
        .catch(sourceError);
      const chunks = parseSegmentList(await readFile(path.join(dir, 'list.csv'), 'utf8'));
      if (chunks.length === 0) throw new JobError('cannot split the source: no video frames were read (the file may be truncated)');
      const read = chunks.at(-1)?.end ?? 0;
      if (read < 0.5 && info.duration >= 1) {
        throw new JobError('cannot read the source: no video could be read (an MP4 whose index is at its end needs a server that allows HTTP range requests)');
      }
      if (read < info.duration - Math.max(1, info.duration * 0.05)) {
        throw new JobError(`source is truncated: only ${read.toFixed(1)} s of its ${info.duration.toFixed(1)} s of video could be read`);
      }
      for (const c of chunks) await ws.commit(sourceChunk(c), path.join(dir, c.file));
      if (withAudio) await ws.commit(SOURCE_AUDIO, audioOut);
      split = { chunks, audio: withAudio };
      await ws.writeJson(SPLIT_JSON, split);
    } else logger.info({ chunks: split.chunks.length }, 'split: checkpoint found, skipped');

    // 4. transcode each chunk: one decode, N scaled encodes
    const tracks = selected.video.tracks.map((t) => ({ params: t.params, ...renditionSize(video, t.params) }));
    const total = split.chunks.length;
    job.onProgress('transcode', 0);
    for (const chunk of split.chunks) {
      const name = transcodedChunk(chunk);
      if (await ws.has(name)) {
        logger.info({ chunk: chunk.index }, 'transcode: chunk already transcoded, skipped');
        continue;
      }
      const input = await ws.local(sourceChunk(chunk));
      const output = await ws.scratchPath(`transcoded-${chunk.index}.mkv`);
      const keyFrames = chunkKeyFrameTimes(chunk, selected.video.segmentDuration);
      await runner.ffmpeg(transcodeChunkArgs({ input, output, tracks, keyFrames }), {
        ...run,
        step: 'transcode',
        context: { chunk: chunk.index, chunks: total },
        duration: chunk.end - chunk.start,
        onProgress: (f) => job.onProgress('transcode', (chunk.index + f) / total),
      });
      await ws.commit(name, output);
    }

    // 5. audio: the profile's first audio track, encoded once and muxed into every rendition
    const audioTrack = split.audio ? selected.audio?.tracks[0] : undefined;
    if (audioTrack && !(await ws.has(AUDIO))) {
      const output = await ws.scratchPath('audio.mka');
      await runner.ffmpeg(audioArgs(await ws.local(SOURCE_AUDIO), output, audioTrack.params), { ...run, step: 'audio', duration: info.duration });
      await ws.commit(AUDIO, output);
    }

    // 6. concat + segment to HLS (locally), then upload: segments, media playlists, master last
    job.onProgress('segment', 0);
    const list = await ws.scratchPath('concat.ffconcat');
    const chunkFiles: string[] = [];
    for (const c of split.chunks) chunkFiles.push(await ws.local(transcodedChunk(c)));
    await writeFile(list, ffconcat(chunkFiles));
    const outDir = path.dirname(await ws.scratchPath('hls/index.m3u8'));
    const audioFile = audioTrack ? await ws.local(AUDIO) : null;
    await runner.ffmpeg(hlsArgs({ concatList: list, audio: audioFile, renditions: tracks.length, segmentDuration: selected.video.segmentDuration, outDir }), {
      ...run,
      step: 'segment',
      duration: info.duration,
      onProgress: (f) => job.onProgress('segment', f * 0.8),
    });
    const variants = await writeMaster(runner, outDir, tracks.length, Boolean(audioTrack), job.signal);
    const result = describeResult(selected, variants);
    // A re-transcode replaces the previous ladder whole (a smaller ladder leaves no stale playlists behind).
    await job.confirmLease();
    await deps.results.delete(job.basename);
    const files = await readdir(outDir);
    const order = (f: string) => (f.endsWith('.ts') ? 0 : f === 'index.m3u8' ? 2 : 1);
    for (const f of files.sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
      if (job.signal.aborted) throw job.signal.reason;
      if ((await stat(path.join(outDir, f))).isFile()) await deps.results.put(`${job.basename}/${f}`, { path: path.join(outDir, f), move: true });
    }
    job.onProgress('segment', 1);
    logger.info({ duration: result.duration, renditions: tracks.length }, 'result uploaded');
    return result;
  } finally {
    await ws.dispose();
  }
}

/** Done: the workspace goes. Error: the partial results go too (the seed's cleanup). */
export async function cleanupJob(deps: Pick<StrategyDeps, 'temp' | 'results'>, basename: string, isError: boolean): Promise<void> {
  await deps.temp.delete(basename);
  if (isError) await deps.results.delete(basename);
}
