import { describe, expect, it } from '@jest/globals';
import { chunkKeyFrameTimes, parseSegmentList, planChunkCuts } from './chunks.js';

describe('planChunkCuts', () => {
  it.each([
    [10, 2, [2, 4, 6, 8]],
    [10, 3, [3.333, 6.667]],
    [10.5, 2, [2.1, 4.2, 6.3, 8.4]],
    [61, 60, []],
    [89, 60, []],
    [91, 60, [45.5]],
    [120.4, 60, [60.2]],
    [1, 60, []],
    [0, 60, []],
    [5, 2, [1.667, 3.333]],
  ])('%s s in chunks of ~%s s -> %j', (duration, chunk, cuts) => {
    expect(planChunkCuts(duration, chunk)).toEqual(cuts);
  });

  it('never leaves a last chunk under 2/3 of the target', () => {
    for (let d = 1; d < 500; d += 0.7) {
      const cuts = planChunkCuts(d, 60);
      const last = d - (cuts.at(-1) ?? 0);
      if (d >= 40) expect(last).toBeGreaterThanOrEqual(40 - 0.01);
    }
  });
});

describe('chunkKeyFrameTimes: absolute segment boundaries, relative to each chunk', () => {
  it.each([
    [{ start: 0, end: 4 }, 1.2, [0, 1.2, 2.4, 3.6]],
    [{ start: 4, end: 6 }, 1.2, [0, 0.8]],
    [{ start: 6, end: 7 }, 1.2, [0]],
    [{ start: 2.4, end: 4.8 }, 1.2, [0, 1.2]],
    [{ start: 0, end: 10 }, 4.8, [0, 4.8, 9.6]],
    [{ start: 10, end: 20 }, 4.8, [0, 4.4, 9.2]],
  ])('%j every %s s -> %j', (chunk, seg, times) => {
    expect(chunkKeyFrameTimes(chunk, seg)).toEqual(times);
  });
});

it('parseSegmentList reads the segment muxer CSV', () => {
  expect(parseSegmentList('chunk-00000.mkv,0.000000,4.000000\nchunk-00001.mkv,4.000000,6.000000\n\n')).toEqual([
    { index: 0, file: 'chunk-00000.mkv', start: 0, end: 4 },
    { index: 1, file: 'chunk-00001.mkv', start: 4, end: 6 },
  ]);
});
