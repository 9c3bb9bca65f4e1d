import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, type PresetSnapshot } from '@dvt/contracts';
import type { MediaInfo, VideoInfo } from './probe.js';
import { selectProfiles, unmetVideoBound } from './profile.js';

const video = (over: Partial<VideoInfo>): VideoInfo => ({ index: 0, codec: 'h264', width: 1920, height: 1080, dar: 1.7778, frameRate: 30, bitrate: 5_000_000, ...over });
const media = (v: Partial<VideoInfo> | null, audio = true): MediaInfo => ({
  duration: 10,
  formatName: 'mov,mp4',
  bitrate: 0,
  video: v ? video(v) : null,
  audio: audio ? { index: 1, codec: 'aac', sampleRate: 48_000, channels: 2, bitrate: 128_000 } : null,
});

describe('selectProfiles with the default preset', () => {
  it.each([
    ['1080p at 5 Mb/s', { width: 1920, height: 1080, bitrate: 5_000_000 }, '1080p'],
    ['1080p under 4 Mb/s falls to 720p', { width: 1920, height: 1080, bitrate: 3_000_000 }, '720p'],
    ['720p at 3 Mb/s', { width: 1280, height: 720, bitrate: 3_000_000 }, '720p'],
    ['720p at 1.5 Mb/s', { width: 1280, height: 720, bitrate: 1_500_000 }, '480p'],
    ['480p at 2 Mb/s', { width: 854, height: 480, bitrate: 2_000_000 }, '480p'],
    ['4:3 640x480', { width: 640, height: 480, dar: 1.3333, bitrate: 2_000_000 }, '360p'],
    ['tiny 320x240 at 0 b/s', { width: 320, height: 240, bitrate: 0 }, '360p'],
  ])('%s -> %s', (_name, v, expected) => {
    const selected = selectProfiles(DEFAULT_PRESET, media(v));
    expect(selected.video.name).toBe(expected);
    expect(selected.audio?.name).toBe('192k');
  });

  it('a source without audio gets no audio profile (video-only ladder)', () => {
    expect(selectProfiles(DEFAULT_PRESET, media({}, false)).audio).toBeNull();
  });
});

describe('condition bounds', () => {
  const c = { minWidth: 0, minHeight: 0, minBitrate: 0, minFrameRate: 0, minDar: 0, maxDar: 0 };
  it.each([
    [{}, {}, null],
    [{ minWidth: 1921 }, {}, 'width 1920 < minWidth 1921'],
    [{ minHeight: 1081 }, {}, 'height 1080 < minHeight 1081'],
    [{ minBitrate: 6_000_000 }, {}, 'bit rate 5.00 Mb/s < minBitrate 6.00 Mb/s'],
    [{ minFrameRate: 50 }, { frameRate: 25 }, 'frame rate 25 < minFrameRate 50'],
    [{ minFrameRate: 25 }, { frameRate: 25 }, null],
    [{ minDar: 1.5 }, { dar: 1.3333 }, 'aspect ratio 1.3333 < minDar 1.5'],
    [{ maxDar: 1.5 }, { dar: 1.7778 }, 'aspect ratio 1.7778 > maxDar 1.5'],
    [{ minDar: 1.3, maxDar: 1.4 }, { dar: 1.3333 }, null],
  ])('%j on %j -> %s', (bounds, v, expected) => {
    expect(unmetVideoBound({ ...c, ...bounds }, video(v))).toBe(expected);
  });
});

describe('no matching profile', () => {
  const strict: PresetSnapshot = {
    ...DEFAULT_PRESET,
    name: 'strict',
    videoProfiles: DEFAULT_PRESET.videoProfiles.slice(0, 2),
  };
  it('names every profile and the rule the source failed', () => {
    expect(() => selectProfiles(strict, media({ width: 640, height: 360, bitrate: 1_000_000, dar: 1.7778 }))).toThrow(
      'no video profile of preset "strict" matches the source (640x360, 1.00 Mb/s, 30 fps, DAR 1.7778): 1080p: width 640 < minWidth 1920; 720p: width 640 < minWidth 1280',
    );
  });
  it('names the missing video stream', () => {
    expect(() => selectProfiles(DEFAULT_PRESET, media(null))).toThrow('source has no video stream');
  });
  it('names the audio rule that failed', () => {
    const picky: PresetSnapshot = { ...DEFAULT_PRESET, audioProfiles: [{ ...DEFAULT_PRESET.audioProfiles[0]!, condition: { minBitrate: 0, minSampleRate: 96_000 } }] };
    expect(() => selectProfiles(picky, media({}))).toThrow('no audio profile of preset "default" matches the source audio (aac, 48000 Hz, 0.13 Mb/s): 192k: sample rate 48000 < minSampleRate 96000');
  });
});
