import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET } from '@dvt/contracts';
import { audioArgs, ffconcat, hlsArgs, probeArgs, renditionSize, sourceProtocols, splitArgs, transcodeChunkArgs } from './ffmpeg-args.js';

const HEAD = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];

describe('sourceProtocols', () => {
  it.each([
    ['http://cdn/x.mp4', 'http,tcp,crypto'],
    ['HTTPS://cdn/x.m3u8', 'http,https,tcp,tls,crypto'],
    ['ftp://host/x.mp4', 'ftp,tcp'],
  ])('%s -> %s', (url, protocols) => expect(sourceProtocols(url)).toBe(protocols));
  it.each(['file:///etc/passwd', 'concat:a|b', '/local/path.mp4'])('refuses %s', (url) => {
    expect(() => sourceProtocols(url)).toThrow(/is not allowed \(http, https or ftp\)/);
  });
});

it('probeArgs: network sources get a read timeout, local ones only `file`', () => {
  expect(probeArgs('https://h/x.mp4', 'http,https,tcp,tls,crypto', 30)).toEqual([
    '-hide_banner', '-v', 'error', '-protocol_whitelist', 'http,https,tcp,tls,crypto', '-rw_timeout', '30000000',
    '-print_format', 'json', '-show_format', '-show_streams', 'https://h/x.mp4',
  ]);
  expect(probeArgs('/w/p.m3u8', 'file', 30)).toEqual(['-hide_banner', '-v', 'error', '-protocol_whitelist', 'file', '-print_format', 'json', '-show_format', '-show_streams', '/w/p.m3u8']);
});

it('splitArgs: video copied into chunks cut at the planned times, audio copied whole', () => {
  expect(
    splitArgs({ source: 'http://h/s.mp4', protocols: 'http,tcp,crypto', rwTimeoutSeconds: 5, videoIndex: 0, cuts: [2, 4], chunkPattern: '/s/chunk-%05d.mkv', listFile: '/s/list.csv', audio: { index: 1, output: '/s/audio.mka' } }),
  ).toEqual([
    ...HEAD, '-protocol_whitelist', 'http,tcp,crypto', '-rw_timeout', '5000000', '-i', 'http://h/s.mp4',
    '-map', '0:0', '-c', 'copy', '-f', 'segment', '-segment_format', 'matroska', '-segment_times', '2,4',
    '-reset_timestamps', '1', '-segment_list', '/s/list.csv', '-segment_list_type', 'csv', '/s/chunk-%05d.mkv',
    '-map', '0:1', '-c', 'copy', '-vn', '-f', 'matroska', '/s/audio.mka',
  ]);
  expect(splitArgs({ source: 'ftp://h/s', protocols: 'ftp,tcp', rwTimeoutSeconds: 1, videoIndex: 1, cuts: [], chunkPattern: 'c%05d.mkv', listFile: 'l.csv', audio: null })).toEqual([
    ...HEAD, '-protocol_whitelist', 'ftp,tcp', '-rw_timeout', '1000000', '-i', 'ftp://h/s',
    '-map', '0:1', '-c', 'copy', '-f', 'segment', '-segment_format', 'matroska', '-segment_time', '1000000000',
    '-reset_timestamps', '1', '-segment_list', 'l.csv', '-segment_list_type', 'csv', 'c%05d.mkv',
  ]);
});

describe('renditionSize fits the display shape into the track box', () => {
  it.each([
    [{ height: 1080, dar: 16 / 9 }, { width: 1280, height: 720 }, { width: 1280, height: 720 }],
    [{ height: 480, dar: 4 / 3 }, { width: 640, height: 360 }, { width: 480, height: 360 }],
    [{ height: 480, dar: 16 / 9 }, { width: 854, height: 480 }, { width: 854, height: 480 }],
    [{ height: 1080, dar: 2.4 }, { width: 1920, height: 1080 }, { width: 1920, height: 800 }],
    [{ height: 1920, dar: 9 / 16 }, { width: 1280, height: 720 }, { width: 406, height: 720 }],
  ])('%j into %j -> %j', (source, box, size) => expect(renditionSize(source, box)).toEqual(size));
});

it('transcodeChunkArgs: one decode, split into N scaled encodes, key frames at the given times', () => {
  const [t720, t360] = [DEFAULT_PRESET.videoTracks[1]!, DEFAULT_PRESET.videoTracks[3]!];
  expect(
    transcodeChunkArgs({
      input: '/w/source/chunk-00001.mkv',
      output: '/w/.s/t-1.mkv',
      tracks: [
        { params: t720.params, width: 1280, height: 720 },
        { params: t360.params, width: 640, height: 360 },
      ],
      keyFrames: [0, 0.8],
    }),
  ).toEqual([
    ...HEAD, '-protocol_whitelist', 'file', '-i', '/w/source/chunk-00001.mkv',
    '-filter_complex',
    '[0:v:0]split=2[s0][s1];[s0]fps=30,scale=1280:720,setsar=1,format=yuv420p[v0];[s1]fps=30,scale=640:360,setsar=1,format=yuv420p[v1]',
    '-map', '[v0]', '-c:v:0', 'libx264', '-preset:v:0', 'slow', '-crf:v:0', '23', '-maxrate:v:0', '3000000', '-bufsize:v:0', '6000000', '-profile:v:0', 'high', '-g:v:0', '48',
    '-map', '[v1]', '-c:v:1', 'libx264', '-preset:v:1', 'slow', '-crf:v:1', '23', '-maxrate:v:1', '800000', '-bufsize:v:1', '1600000', '-profile:v:1', 'main', '-g:v:1', '48',
    '-force_key_frames', '0,0.8', '-f', 'matroska', '/w/.s/t-1.mkv',
  ]);
});

it('audioArgs encodes with the audio track', () => {
  expect(audioArgs('/w/a.mka', '/w/o.mka', DEFAULT_PRESET.audioTracks[0]!.params)).toEqual([
    ...HEAD, '-protocol_whitelist', 'file', '-i', '/w/a.mka', '-map', '0:a:0', '-c:a', 'aac', '-b:a', '192000', '-ac', '2', '-ar', '48000', '-f', 'matroska', '/w/o.mka',
  ]);
});

it('hlsArgs: concat + copy into one media playlist per rendition, audio muxed into each', () => {
  expect(hlsArgs({ concatList: '/w/c.ffconcat', audio: '/w/a.mka', renditions: 2, segmentDuration: 4.8, outDir: '/w/hls' })).toEqual([
    ...HEAD, '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', '/w/c.ffconcat', '-i', '/w/a.mka',
    '-map', '0:v:0', '-map', '1:a:0', '-map', '0:v:1', '-map', '1:a:0', '-c', 'copy',
    '-f', 'hls', '-hls_time', '4.8', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments', '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', '/w/hls/segment-%v-%05d.ts', '-var_stream_map', 'v:0,a:0 v:1,a:1', '/w/hls/playlist-%v.m3u8',
  ]);
  expect(hlsArgs({ concatList: 'c', audio: null, renditions: 1, segmentDuration: 2, outDir: 'o' })).toEqual([
    ...HEAD, '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', 'c', '-map', '0:v:0', '-c', 'copy',
    '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments', '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', 'o/segment-%v-%05d.ts', '-var_stream_map', 'v:0', 'o/playlist-%v.m3u8',
  ]);
});

it('ffconcat quotes file names', () => {
  expect(ffconcat(['/w/a.mkv', "/w/it's.mkv"])).toBe("ffconcat version 1.0\nfile '/w/a.mkv'\nfile '/w/it'\\''s.mkv'\n");
});
