import type { AudioCondition, AudioProfileSpec, PresetSnapshot, VideoCondition, VideoProfileSpec } from '@dvt/contracts';
import { JobError } from './errors.js';
import type { AudioInfo, MediaInfo, VideoInfo } from './probe.js';

/** The profiles chosen for one source: stored in the workspace so a resumed job keeps them. */
export interface SelectedProfiles {
  video: VideoProfileSpec;
  /** null: video-only ladder (the source has no audio or the preset has no audio profile) */
  audio: AudioProfileSpec | null;
}

const fmtRate = (bits: number) => `${(bits / 1e6).toFixed(2)} Mb/s`;

/** Pure: the first unmet bound of a video condition, as a sentence; null when the source meets it. 0 means no bound. */
export function unmetVideoBound(c: VideoCondition, v: VideoInfo): string | null {
  if (c.minWidth > 0 && v.width < c.minWidth) return `width ${v.width} < minWidth ${c.minWidth}`;
  if (c.minHeight > 0 && v.height < c.minHeight) return `height ${v.height} < minHeight ${c.minHeight}`;
  if (c.minBitrate > 0 && v.bitrate < c.minBitrate) return `bit rate ${fmtRate(v.bitrate)} < minBitrate ${fmtRate(c.minBitrate)}`;
  if (c.minFrameRate > 0 && v.frameRate < c.minFrameRate) return `frame rate ${v.frameRate} < minFrameRate ${c.minFrameRate}`;
  if (c.minDar > 0 && v.dar < c.minDar) return `aspect ratio ${v.dar} < minDar ${c.minDar}`;
  if (c.maxDar > 0 && v.dar > c.maxDar) return `aspect ratio ${v.dar} > maxDar ${c.maxDar}`;
  return null;
}

export function unmetAudioBound(c: AudioCondition, a: AudioInfo): string | null {
  if (c.minBitrate > 0 && a.bitrate < c.minBitrate) return `bit rate ${fmtRate(a.bitrate)} < minBitrate ${fmtRate(c.minBitrate)}`;
  if (c.minSampleRate > 0 && a.sampleRate < c.minSampleRate) return `sample rate ${a.sampleRate} < minSampleRate ${c.minSampleRate}`;
  return null;
}

const byOrder = <T extends { orderNumber: number }>(list: readonly T[]) => [...list].sort((a, b) => a.orderNumber - b.orderNumber);

/**
 * Pure, the seed's semantics: the first video profile (by orderNumber) whose
 * condition the source meets, and likewise for audio. Throws a JobError that
 * names, for each profile, the rule the source failed.
 */
export function selectProfiles(preset: PresetSnapshot, info: MediaInfo): SelectedProfiles {
  if (!info.video) throw new JobError('source has no video stream');
  const v = info.video;
  const reasons: string[] = [];
  let video: VideoProfileSpec | undefined;
  for (const p of byOrder(preset.videoProfiles)) {
    const unmet = unmetVideoBound(p.condition, v);
    if (unmet === null && p.tracks.length > 0) {
      video = p;
      break;
    }
    reasons.push(`${p.name}: ${unmet ?? 'has no tracks'}`);
  }
  if (!video) {
    const what = `${v.width}x${v.height}, ${fmtRate(v.bitrate)}, ${v.frameRate} fps, DAR ${v.dar}`;
    const why = reasons.length > 0 ? reasons.join('; ') : 'the preset has no video profiles';
    throw new JobError(`no video profile of preset "${preset.name}" matches the source (${what}): ${why}`);
  }
  if (!info.audio || preset.audioProfiles.length === 0) return { video, audio: null };
  const a = info.audio;
  const audioReasons: string[] = [];
  for (const p of byOrder(preset.audioProfiles)) {
    const unmet = unmetAudioBound(p.condition, a);
    if (unmet === null && p.tracks.length > 0) return { video, audio: p };
    audioReasons.push(`${p.name}: ${unmet ?? 'has no tracks'}`);
  }
  throw new JobError(`no audio profile of preset "${preset.name}" matches the source audio (${a.codec}, ${a.sampleRate} Hz, ${fmtRate(a.bitrate)}): ${audioReasons.join('; ')}`);
}
