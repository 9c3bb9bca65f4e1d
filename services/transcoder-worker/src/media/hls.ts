/** One rendition as the master playlist lists it. */
export interface Variant {
  uri: string;
  /** peak bits/s over the segments */
  bandwidth: number;
  averageBandwidth: number;
  width: number;
  height: number;
  frameRate: number;
  codecs: string;
}

/** Pure: peak and average bit rate of a media playlist from its segments' sizes and durations. */
export function segmentBandwidth(segments: { bytes: number; duration: number }[]): { peak: number; average: number } {
  const timed = segments.filter((s) => s.duration > 0);
  if (timed.length === 0) return { peak: 0, average: 0 };
  const peak = Math.max(...timed.map((s) => (s.bytes * 8) / s.duration));
  const bytes = timed.reduce((sum, s) => sum + s.bytes, 0);
  const seconds = timed.reduce((sum, s) => sum + s.duration, 0);
  return { peak: Math.ceil(peak), average: Math.ceil((bytes * 8) / seconds) };
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
const AVC_PROFILES: Record<string, [number, number]> = {
  'Constrained Baseline': [0x42, 0xe0],
  Baseline: [0x42, 0x00],
  Main: [0x4d, 0x40],
  Extended: [0x58, 0x00],
  High: [0x64, 0x00],
  'High 10': [0x6e, 0x00],
  'High 4:2:2': [0x7a, 0x00],
  'High 4:4:4 Predictive': [0xf4, 0x00],
};

/** Pure: RFC 6381 codecs for an H.264 stream (ffprobe profile name and level) plus AAC-LC audio when present. */
export function codecsAttribute(videoProfile: string, level: number, hasAudio: boolean): string {
  const [idc, constraints] = AVC_PROFILES[videoProfile] ?? [0x64, 0x00];
  const video = `avc1.${hex2(idc)}${hex2(constraints)}${hex2(level)}`;
  return hasAudio ? `${video},mp4a.40.2` : video;
}

/**
 * Pure: the master playlist. ffmpeg 5.1 leaves the master empty when the streams
 * are copied (it only knows encoder bit rates), so the worker writes it from the
 * measured segments instead: peak BANDWIDTH, AVERAGE-BANDWIDTH, RESOLUTION, CODECS.
 */
export function masterPlaylist(variants: Variant[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    const attrs = [
      `BANDWIDTH=${v.bandwidth}`,
      `AVERAGE-BANDWIDTH=${v.averageBandwidth}`,
      `RESOLUTION=${v.width}x${v.height}`,
      `FRAME-RATE=${v.frameRate.toFixed(3)}`,
      `CODECS="${v.codecs}"`,
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}

/** Pure: (segment file, duration) pairs of a media playlist, in order. */
export function playlistSegments(m3u8: string): { uri: string; duration: number }[] {
  const out: { uri: string; duration: number }[] = [];
  let duration: number | null = null;
  for (const raw of m3u8.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line && !line.startsWith('#') && duration !== null) {
      out.push({ uri: line, duration });
      duration = null;
    }
  }
  return out;
}
