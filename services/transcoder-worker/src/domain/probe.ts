import { JobError } from './errors.js';

/** The few facts about a media file the decisions need, normalized from ffprobe JSON. */
export interface VideoInfo {
  index: number;
  codec: string;
  width: number;
  height: number;
  /** Display aspect ratio (width * SAR / height). */
  dar: number;
  frameRate: number;
  /** bits/s; 0 when unknown */
  bitrate: number;
}

export interface AudioInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  /** bits/s; 0 when unknown */
  bitrate: number;
}

export interface MediaInfo {
  /** seconds */
  duration: number;
  formatName: string;
  bitrate: number;
  video: VideoInfo | null;
  audio: AudioInfo | null;
}

interface RawStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
}
export interface RawProbe {
  streams?: RawStream[];
  format?: { duration?: string; bit_rate?: string; format_name?: string };
}

const num = (v: string | number | undefined): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

/** "30000/1001" -> 29.97; "0/0" -> 0 */
export function parseRatio(value: string | undefined): number {
  if (!value) return 0;
  const [a, b] = value.split(/[/:]/).map(Number);
  if (b === undefined) return num(a);
  return a !== undefined && Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : 0;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Pure: ffprobe `-show_format -show_streams` JSON to MediaInfo (first video and first audio stream). */
export function normalizeProbe(raw: RawProbe): MediaInfo {
  const streams = raw.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const a = streams.find((s) => s.codec_type === 'audio');
  const audioBitrate = a ? num(a.bit_rate) : 0;
  const formatBitrate = num(raw.format?.bit_rate);
  const duration = num(raw.format?.duration) || Math.max(0, ...streams.map((s) => num(s.duration)));
  let video: VideoInfo | null = null;
  if (v) {
    const width = num(v.width);
    const height = num(v.height);
    const sar = parseRatio(v.sample_aspect_ratio) || 1;
    video = {
      index: num(v.index),
      codec: v.codec_name ?? 'unknown',
      width,
      height,
      dar: height > 0 ? round((width * sar) / height, 4) : 0,
      frameRate: round(parseRatio(v.avg_frame_rate) || parseRatio(v.r_frame_rate), 3),
      // Containers such as Matroska carry no per-stream bit rate: take the format's minus the audio.
      bitrate: num(v.bit_rate) || Math.max(0, formatBitrate - audioBitrate),
    };
  }
  const audio: AudioInfo | null = a
    ? { index: num(a.index), codec: a.codec_name ?? 'unknown', sampleRate: num(a.sample_rate), channels: num(a.channels), bitrate: audioBitrate }
    : null;
  return { duration: round(duration, 3), formatName: raw.format?.format_name ?? 'unknown', bitrate: formatBitrate, video, audio };
}

/** The source must have a video stream and a duration; otherwise the job cannot start. */
export function requireVideo(info: MediaInfo): asserts info is MediaInfo & { video: VideoInfo } {
  if (!info.video) {
    const found = info.audio ? `only an audio stream (${info.audio.codec})` : 'no audio or video stream';
    throw new JobError(`source has no video stream: found ${found}`);
  }
  if (!(info.duration > 0)) throw new JobError('source has no duration: the file is empty or truncated');
  if (!(info.video.width > 0 && info.video.height > 0)) throw new JobError('source video stream has no frame size');
}
