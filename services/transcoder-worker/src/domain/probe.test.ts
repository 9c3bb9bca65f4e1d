import { expect, it } from '@jest/globals';
import { normalizeProbe, parseRatio, requireVideo } from './probe.js';

it('normalizes ffprobe JSON (first video and audio stream)', () => {
  const info = normalizeProbe({
    streams: [
      { index: 0, codec_type: 'video', codec_name: 'h264', width: 640, height: 480, sample_aspect_ratio: '4:3', avg_frame_rate: '25/1', bit_rate: '900000' },
      { index: 1, codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, bit_rate: '128000' },
      { index: 2, codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } },
    ],
    format: { duration: '10.0123', bit_rate: '1100000', format_name: 'mov,mp4,m4a,3gp,3g2,mj2' },
  });
  expect(info).toEqual({
    duration: 10.012,
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    bitrate: 1_100_000,
    video: { index: 0, codec: 'h264', width: 640, height: 480, dar: 1.7778, frameRate: 25, bitrate: 900_000 },
    audio: { index: 1, codec: 'aac', sampleRate: 48_000, channels: 2, bitrate: 128_000 },
  });
});

it('takes the video bit rate from the format when the stream has none (Matroska)', () => {
  const info = normalizeProbe({
    streams: [
      { index: 0, codec_type: 'video', width: 1280, height: 720, r_frame_rate: '30000/1001', avg_frame_rate: '0/0' },
      { index: 1, codec_type: 'audio', bit_rate: '192000' },
    ],
    format: { duration: '5', bit_rate: '3192000' },
  });
  expect(info.video).toMatchObject({ bitrate: 3_000_000, frameRate: 29.97, dar: 1.7778 });
});

it('requireVideo names what is missing', () => {
  expect(() => requireVideo(normalizeProbe({ streams: [{ index: 0, codec_type: 'audio', codec_name: 'mp3' }], format: { duration: '3' } }))).toThrow(
    'source has no video stream: found only an audio stream (mp3)',
  );
  expect(() => requireVideo(normalizeProbe({ streams: [], format: {} }))).toThrow('source has no video stream: found no audio or video stream');
  expect(() => requireVideo(normalizeProbe({ streams: [{ codec_type: 'video', width: 2, height: 2 }], format: {} }))).toThrow('source has no duration');
});

it.each([
  ['30000/1001', 29.97002997002997],
  ['25/1', 25],
  ['0/0', 0],
  ['16:9', 16 / 9],
  [undefined, 0],
])('parseRatio(%s) = %s', (v, n) => expect(parseRatio(v)).toBe(n));
