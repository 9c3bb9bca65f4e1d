import { expect, it } from '@jest/globals';
import { overallPercent, ProgressParser, throttle } from './progress.js';

it('ProgressParser returns out_time at the end of each block', () => {
  const p = new ProgressParser();
  const block = ['frame=120', 'fps=60.0', 'out_time_us=4000000', 'out_time_ms=4000000', 'out_time=00:00:04.000000', 'speed=2x'];
  expect(block.map((l) => p.push(l))).toEqual([null, null, null, null, null, null]);
  expect(p.push('progress=continue')).toBe(4);
  expect(p.push('out_time_us=N/A')).toBeNull();
  expect(p.push('progress=end')).toBeNull();
  expect(p.push('out_time_ms=2500000')).toBeNull();
  expect(p.push('progress=end')).toBe(2.5);
  expect(p.push('garbage')).toBeNull();
});

it.each([
  ['analyze', 0, 0],
  ['split', 0.5, 6],
  ['transcode', 0, 10],
  ['transcode', 0.5, 50],
  ['transcode', 1.7, 90],
  ['segment', 1, 100],
  ['segment', Number.NaN, 90],
] as const)('overallPercent(%s, %s) = %s', (phase, f, percent) => {
  expect(overallPercent(phase, f)).toBe(percent);
});

it('throttle emits at most once per interval', () => {
  let now = 0;
  const seen: number[] = [];
  const emit = throttle<number>((v) => seen.push(v), 1000, () => now);
  for (const [t, v] of [[0, 1], [500, 2], [999, 3], [1000, 4], [1500, 5], [2100, 6]] as const) {
    now = t;
    emit(v);
  }
  expect(seen).toEqual([1, 4, 6]);
});
