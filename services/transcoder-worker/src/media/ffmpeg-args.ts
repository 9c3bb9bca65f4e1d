import type { AudioTrackParams, VideoTrackParams } from '@dvt/contracts';
import { JobError } from '../domain/errors.js';

/** Common head of every ffmpeg run: quiet stderr (errors only, kept for messages) and machine progress on stdout. */
export const FFMPEG_HEAD = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];
/** Steps that read only the workspace. */
export const LOCAL_PROTOCOLS = 'file';

/**
 * Pure: the protocols ffmpeg may open for a source URL: its own scheme plus what
 * an HLS source needs (segments over the same transport, AES-128 via crypto),
 * never `file` or `concat`.
 */
export function sourceProtocols(source: string): string {
  const scheme = source.slice(0, Math.max(0, source.indexOf(':'))).toLowerCase();
  switch (scheme) {
    case 'http':
      return 'http,tcp,crypto';
    case 'https':
      return 'http,https,tcp,tls,crypto';
    case 'ftp':
      return 'ftp,tcp';
    default:
      throw new JobError(`source URL scheme "${scheme || source}" is not allowed (http, https or ftp)`);
  }
}

const isNetwork = (protocols: string) => protocols !== LOCAL_PROTOCOLS;

/** Pure: ffprobe arguments for a JSON probe of streams and format. */
export function probeArgs(input: string, protocols: string, rwTimeoutSeconds: number): string[] {
  const args = ['-hide_banner', '-v', 'error', '-protocol_whitelist', protocols];
  if (isNetwork(protocols)) args.push('-rw_timeout', String(Math.round(rwTimeoutSeconds * 1e6)));
  return [...args, '-print_format', 'json', '-show_format', '-show_streams', input];
}

export interface SplitSpec {
  source: string;
  protocols: string;
  rwTimeoutSeconds: number;
  videoIndex: number;
  /** cut times, seconds */
  cuts: number[];
  /** output pattern of the chunks, e.g. /ws/.part/chunk-%05d.mkv */
  chunkPattern: string;
  /** CSV list the segment muxer writes (name,start,end) */
  listFile: string;
  /** whole audio track, stream copied; null when the source has none */
  audio: { index: number; output: string } | null;
}

/** Pure: one read of the source: video stream copied into chunks cut at key frames on or after each cut time, audio copied whole. */
export function splitArgs(s: SplitSpec): string[] {
  const args = [...FFMPEG_HEAD, '-protocol_whitelist', s.protocols];
  if (isNetwork(s.protocols)) args.push('-rw_timeout', String(Math.round(s.rwTimeoutSeconds * 1e6)));
  args.push('-i', s.source, '-map', `0:${s.videoIndex}`, '-c', 'copy', '-f', 'segment', '-segment_format', 'matroska');
  if (s.cuts.length > 0) args.push('-segment_times', s.cuts.join(','));
  else args.push('-segment_time', '1000000000');
  args.push('-reset_timestamps', '1', '-segment_list', s.listFile, '-segment_list_type', 'csv', s.chunkPattern);
  if (s.audio) args.push('-map', `0:${s.audio.index}`, '-c', 'copy', '-vn', '-f', 'matroska', s.audio.output);
  return args;
}

/** Pure: the rendition's frame size: the source's display shape fitted into the track's box, even sizes. */
export function renditionSize(source: { height: number; dar: number }, box: { width: number; height: number }): { width: number; height: number } {
  const displayWidth = source.height * (source.dar || 1);
  const scale = Math.min(box.width / displayWidth, box.height / source.height);
  const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));
  return { width: Math.min(box.width, even(displayWidth * scale)), height: Math.min(box.height, even(source.height * scale)) };
}

export interface ChunkSpec {
  input: string;
  output: string;
  tracks: { params: VideoTrackParams; width: number; height: number }[];
  /** key frame times relative to the chunk start, seconds */
  keyFrames: number[];
}

/** Pure: one decode of a chunk, split into N scaled x264 encodes (one output file with N video streams). */
export function transcodeChunkArgs(s: ChunkSpec): string[] {
  const labels = s.tracks.map((_, i) => `s${i}`);
  const branches = s.tracks.map(
    (t, i) => `[s${i}]fps=${t.params.frameRate},scale=${t.width}:${t.height},setsar=1,format=${String(t.params.pixFmt)}[v${i}]`,
  );
  const graph = [`[0:v:0]split=${s.tracks.length}${labels.map((l) => `[${l}]`).join('')}`, ...branches].join(';');
  const args = [...FFMPEG_HEAD, '-protocol_whitelist', LOCAL_PROTOCOLS, '-i', s.input, '-filter_complex', graph];
  s.tracks.forEach((t, i) => {
    const p = t.params;
    args.push(
      '-map', `[v${i}]`,
      `-c:v:${i}`, String(p.codec),
      `-preset:v:${i}`, String(p.preset),
      `-crf:v:${i}`, String(p.constantRateFactor),
      `-maxrate:v:${i}`, String(p.maxRate),
      `-bufsize:v:${i}`, String(p.bufSize),
      `-profile:v:${i}`, String(p.profile),
      `-g:v:${i}`, String(p.gopSize),
    );
  });
  args.push('-force_key_frames', s.keyFrames.join(','), '-f', 'matroska', s.output);
  return args;
}

/** Pure: the extracted source audio encoded once with the profile's audio track. */
export function audioArgs(input: string, output: string, p: AudioTrackParams): string[] {
  return [
    ...FFMPEG_HEAD, '-protocol_whitelist', LOCAL_PROTOCOLS, '-i', input,
    '-map', '0:a:0', '-c:a', String(p.codec), '-b:a', String(p.bitrate), '-ac', String(p.channels), '-ar', String(p.sampleRate),
    '-f', 'matroska', output,
  ];
}

export interface HlsSpec {
  /** ffconcat list of the transcoded chunks (each holding every video rendition) */
  concatList: string;
  /** the encoded audio, muxed into every rendition; null for a video-only ladder */
  audio: string | null;
  renditions: number;
  segmentDuration: number;
  outDir: string;
}

/**
 * Pure: concatenation (stream copy) and HLS segmentation into playlist-%v.m3u8
 * and segment-%v-%05d.ts. The list names absolute paths (-safe 0); the whitelist
 * still allows only `file`. The master playlist is written by the worker.
 */
export function hlsArgs(s: HlsSpec): string[] {
  const args = [...FFMPEG_HEAD, '-protocol_whitelist', LOCAL_PROTOCOLS, '-f', 'concat', '-safe', '0', '-i', s.concatList];
  if (s.audio) args.push('-i', s.audio);
  const streams: string[] = [];
  for (let i = 0; i < s.renditions; i += 1) {
    args.push('-map', `0:v:${i}`);
    if (s.audio) args.push('-map', '1:a:0');
    streams.push(s.audio ? `v:${i},a:${i}` : `v:${i}`);
  }
  args.push(
    '-c', 'copy',
    '-f', 'hls',
    '-hls_time', String(s.segmentDuration),
    '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
    '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', `${s.outDir}/segment-%v-%05d.ts`,
    '-var_stream_map', streams.join(' '),
    `${s.outDir}/playlist-%v.m3u8`,
  );
  return args;
}

/** Pure: an ffconcat list naming files relative to the list itself. */
export function ffconcat(files: string[]): string {
  return ['ffconcat version 1.0', ...files.map((f) => `file '${f.replace(/'/g, "'\\''")}'`), ''].join('\n');
}
