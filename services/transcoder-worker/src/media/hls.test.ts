import { expect, it } from '@jest/globals';
import { codecsAttribute, masterPlaylist, playlistSegments, segmentBandwidth } from './hls.js';

it('masterPlaylist lists each rendition with BANDWIDTH, RESOLUTION and CODECS', () => {
  expect(
    masterPlaylist([
      { uri: 'playlist-0.m3u8', bandwidth: 3_200_000, averageBandwidth: 2_900_000, width: 1280, height: 720, frameRate: 30, codecs: 'avc1.64001F,mp4a.40.2' },
      { uri: 'playlist-1.m3u8', bandwidth: 900_000, averageBandwidth: 800_000, width: 640, height: 360, frameRate: 29.97, codecs: 'avc1.4D401E,mp4a.40.2' },
    ]),
  ).toBe(
    [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-STREAM-INF:BANDWIDTH=3200000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001F,mp4a.40.2"',
      'playlist-0.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,FRAME-RATE=29.970,CODECS="avc1.4D401E,mp4a.40.2"',
      'playlist-1.m3u8',
      '',
    ].join('\n'),
  );
});

it('segmentBandwidth: peak and average bits per second', () => {
  expect(segmentBandwidth([{ bytes: 600_000, duration: 4.8 }, { bytes: 900_000, duration: 4.8 }, { bytes: 100_000, duration: 0.4 }])).toEqual({ peak: 2_000_000, average: 1_280_000 });
  expect(segmentBandwidth([])).toEqual({ peak: 0, average: 0 });
});

it.each([
  ['High', 31, true, 'avc1.64001F,mp4a.40.2'],
  ['Main', 30, false, 'avc1.4D401E'],
  ['Constrained Baseline', 30, false, 'avc1.42E01E'],
] as const)('codecsAttribute(%s, %s, %s) = %s', (profile, level, audio, codecs) => {
  expect(codecsAttribute(profile, level, audio)).toBe(codecs);
});

it('playlistSegments reads EXTINF durations and URIs', () => {
  const m3u8 = '#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:4.800000,\nsegment-0-00000.ts\n#EXTINF:0.200000,\nsegment-0-00001.ts\n#EXT-X-ENDLIST\n';
  expect(playlistSegments(m3u8)).toEqual([
    { uri: 'segment-0-00000.ts', duration: 4.8 },
    { uri: 'segment-0-00001.ts', duration: 0.2 },
  ]);
});
