import type { PresetSnapshot, VideoTrackSpec } from './snapshot.js';

// The seed's DEFAULT_PRESET, field by field. 48 kHz AAC frames (1024 samples) and
// 30 fps video meet every 1.6 s, so GOP = 1.6 s * 30 = 48 frames and segments of
// 4.8 s (3 GOPs) cut on both audio and video frame boundaries.
export const DEFAULT_FRAME_RATE = 30;
export const DEFAULT_SEGMENT_DURATION = 4.8;
export const DEFAULT_GOP_DURATION = 1.6;
export const forceKeyFramesEvery = (seconds: number): string =>
  `expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+${seconds}))`;

const x264 = (name: string, profile: 'high' | 'main', width: number, height: number, maxRate: number): VideoTrackSpec => ({
  name,
  params: {
    codec: 'libx264',
    constantRateFactor: 23,
    preset: 'slow',
    maxRate,
    bufSize: maxRate * 2,
    profile,
    pixFmt: 'yuv420p',
    width,
    height,
    frameRate: DEFAULT_FRAME_RATE,
    gopSize: Math.round(DEFAULT_GOP_DURATION * DEFAULT_FRAME_RATE),
    forceKeyFrames: forceKeyFramesEvery(DEFAULT_SEGMENT_DURATION),
  },
});

const tracks = {
  '1080p': x264('1080p', 'high', 1920, 1080, 5_000_000),
  '720p': x264('720p', 'high', 1280, 720, 3_000_000),
  '480p': x264('480p', 'main', 854, 480, 1_500_000),
  '360p': x264('360p', 'main', 640, 360, 800_000),
};

const noBounds = { minFrameRate: 0, minDar: 0, maxDar: 0 };

/**
 * The seed used libfdk_aac, which Debian's ffmpeg does not ship; ffmpeg's native
 * `aac` encoder takes its place at the same 192 kb/s, 48 kHz, stereo.
 */
export const DEFAULT_PRESET: PresetSnapshot = {
  name: 'default',
  videoTracks: Object.values(tracks),
  audioTracks: [{ name: '192k', params: { codec: 'aac', bitrate: 192_000, channels: 2, sampleRate: 48_000 } }],
  videoProfiles: [
    { name: '1080p', orderNumber: 0, segmentDuration: DEFAULT_SEGMENT_DURATION, condition: { minWidth: 1920, minHeight: 1080, minBitrate: 4_000_000, ...noBounds }, tracks: [tracks['1080p'], tracks['720p'], tracks['480p'], tracks['360p']] },
    { name: '720p', orderNumber: 1, segmentDuration: DEFAULT_SEGMENT_DURATION, condition: { minWidth: 1280, minHeight: 720, minBitrate: 2_500_000, ...noBounds }, tracks: [tracks['720p'], tracks['480p'], tracks['360p']] },
    { name: '480p', orderNumber: 2, segmentDuration: DEFAULT_SEGMENT_DURATION, condition: { minWidth: 854, minHeight: 480, minBitrate: 1_200_000, ...noBounds }, tracks: [tracks['480p'], tracks['360p']] },
    { name: '360p', orderNumber: 3, segmentDuration: DEFAULT_SEGMENT_DURATION, condition: { minWidth: 0, minHeight: 0, minBitrate: 0, ...noBounds }, tracks: [tracks['360p']] },
  ],
  audioProfiles: [{ name: '192k', orderNumber: 0, condition: { minBitrate: 0, minSampleRate: 0 }, tracks: [{ name: '192k', params: { codec: 'aac', bitrate: 192_000, channels: 2, sampleRate: 48_000 } }] }],
};
