import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { codecsAttribute, masterPlaylist, playlistSegments, segmentBandwidth, type Variant } from '../media/hls.js';
import { LOCAL_PROTOCOLS, probeArgs } from '../media/ffmpeg-args.js';
import { parseRatio } from '../domain/probe.js';
import type { SelectedProfiles } from '../domain/profile.js';
import type { Runner } from '../media/runner.js';

interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
}

export interface ProbedVariant extends Variant {
  duration: number;
  audio: { codec: string; sampleRate: number; channels: number } | null;
}

/** Probes each media playlist, measures its segments, and writes index.m3u8 from what was measured. */
export async function writeMaster(runner: Runner, outDir: string, count: number, hasAudio: boolean, signal: AbortSignal): Promise<ProbedVariant[]> {
  const variants: ProbedVariant[] = [];
  for (let i = 0; i < count; i += 1) {
    const uri = `playlist-${i}.m3u8`;
    const file = path.join(outDir, uri);
    const segments = playlistSegments(await readFile(file, 'utf8'));
    const sized = await Promise.all(segments.map(async (s) => ({ bytes: (await stat(path.join(outDir, s.uri))).size, duration: s.duration })));
    const { peak, average } = segmentBandwidth(sized);
    const json = await runner.ffprobe(probeArgs(file, LOCAL_PROTOCOLS, 0), { step: 'probe-result', context: { rendition: i }, signal });
    const probe = JSON.parse(json) as { streams?: ProbedStream[]; format?: { duration?: string } };
    const v = probe.streams?.find((s) => s.codec_type === 'video') ?? {};
    const a = probe.streams?.find((s) => s.codec_type === 'audio');
    variants.push({
      uri,
      bandwidth: peak,
      averageBandwidth: average,
      width: v.width ?? 0,
      height: v.height ?? 0,
      frameRate: parseRatio(v.avg_frame_rate),
      codecs: codecsAttribute(v.profile ?? 'High', v.level ?? 40, hasAudio && Boolean(a)),
      duration: Number(probe.format?.duration ?? 0),
      audio: a ? { codec: a.codec_name ?? 'unknown', sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } : null,
    });
  }
  await writeFile(path.join(outDir, 'index.m3u8'), masterPlaylist(variants));
  return variants;
}

/** Pure: the `done` event's metadata and duration, from the probed result. */
export function describeResult(selected: SelectedProfiles, variants: ProbedVariant[]): { metadata: Record<string, unknown>; duration: number } {
  const duration = Math.round(Math.max(0, ...variants.map((v) => v.duration)) * 1000) / 1000;
  return {
    duration,
    metadata: {
      videoProfile: selected.video.name,
      audioProfile: selected.audio?.name ?? null,
      segmentDuration: selected.video.segmentDuration,
      renditions: variants.map((v, i) => ({
        name: selected.video.tracks[i]?.name ?? String(i),
        playlist: v.uri,
        width: v.width,
        height: v.height,
        frameRate: v.frameRate,
        bandwidth: v.bandwidth,
        averageBandwidth: v.averageBandwidth,
        codecs: v.codecs,
      })),
      audio: variants[0]?.audio ?? null,
      duration,
    },
  };
}
