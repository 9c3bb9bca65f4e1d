import { describe, expect, it } from '@jest/globals';
import { TRANSCODABLE_FROM, VIDEO_STATUSES, canTransition, type VideoStatus } from '../src/index.js';

const LEGAL: [VideoStatus, VideoStatus][] = [
  ['new', 'queued'],
  ['queued', 'process'],
  ['process', 'done'],
  ['process', 'error'],
  ['process', 'queued'],
  ['done', 'queued'],
  ['error', 'queued'],
];
const isLegal = (from: VideoStatus, to: VideoStatus) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = VIDEO_STATUSES.flatMap((from) => VIDEO_STATUSES.map((to) => [from, to] as [VideoStatus, VideoStatus]));

describe('status machine', () => {
  it.each(LEGAL)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(ALL_PAIRS.filter(([f, t]) => !isLegal(f, t)))('refuses %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('covers all 25 pairs: 7 legal, 18 illegal', () => {
    expect(ALL_PAIRS.filter(([f, t]) => canTransition(f, t))).toHaveLength(7);
    expect(ALL_PAIRS.filter(([f, t]) => !canTransition(f, t))).toHaveLength(18);
  });

  it('lets the transcode action start from new, done and error only', () => {
    expect([...TRANSCODABLE_FROM].sort()).toEqual(['done', 'error', 'new']);
  });
});
