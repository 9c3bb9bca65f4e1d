import type { AudioProfile, AudioTrack, VideoProfile, VideoTrack } from '@dvt/contracts';
import { formatBitrate } from '../format.js';

/** Pure one-line descriptions for lists. */
export const videoTrackSummary = ({ params: p }: VideoTrack) =>
  `${p.width}×${p.height} · ${p.frameRate} fps · CRF ${p.constantRateFactor} · ${p.preset} · max ${formatBitrate(p.maxRate)}`;

export const audioTrackSummary = ({ params: p }: AudioTrack) => `${p.codec} · ${formatBitrate(p.bitrate)} · ${p.channels} ch · ${p.sampleRate} Hz`;

function bounds(pairs: [string, number, string][]): string {
  const set = pairs.filter(([, v]) => v > 0).map(([label, v, unit]) => `${label} ${unit === 'bit/s' ? formatBitrate(v) : `${v}${unit}`}`);
  return set.length ? `when ${set.join(', ')}` : 'for every source';
}

export const videoProfileSummary = ({ orderNumber, segmentDuration, condition: c }: VideoProfile) =>
  `order ${orderNumber} · ${segmentDuration} s segments · ${bounds([
    ['width ≥', c.minWidth, ' px'],
    ['height ≥', c.minHeight, ' px'],
    ['bitrate ≥', c.minBitrate, 'bit/s'],
    ['frame rate ≥', c.minFrameRate, ' fps'],
    ['aspect ≥', c.minDar, ''],
    ['aspect ≤', c.maxDar, ''],
  ])}`;

export const audioProfileSummary = ({ orderNumber, condition: c }: AudioProfile) =>
  `order ${orderNumber} · ${bounds([
    ['bitrate ≥', c.minBitrate, 'bit/s'],
    ['sample rate ≥', c.minSampleRate, ' Hz'],
  ])}`;
