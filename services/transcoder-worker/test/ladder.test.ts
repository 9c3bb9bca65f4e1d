import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, DEFAULT_SEGMENT_DURATION } from '@dvt/contracts';
import type { SourceSpec } from '@dvt/testkit';
import { createHarness, fastPreset, listFiles, type Harness, type RunLog } from './harness.js';
import { offSegments, probeDuration, readHls, streamDurations } from './hls-check.js';

const SEGMENT = 1.2;
let h: Harness;
let runs: RunLog[];

beforeAll(async () => {
  h = await createHarness('ladder');
  ({ runs } = await h.startWorker({ chunkDuration: 2 }));
}, 60_000);
afterAll(() => h?.close(), 30_000);

interface Case {
  name: string;
  spec: SourceSpec;
  profile: string;
  sizes: string[];
  audio: boolean;
}

// Bit rates are set so the default preset's minBitrate bounds pick the profile named.
const cases: Case[] = [
  { name: '1080p30-audio', spec: { width: 1920, height: 1080, fps: 30, duration: 2.4, videoBitrate: 5_000_000 }, profile: '1080p', sizes: ['1920x1080', '1280x720', '854x480', '640x360'], audio: true },
  { name: '720p25-audio', spec: { width: 1280, height: 720, fps: 25, duration: 5, videoBitrate: 3_000_000 }, profile: '720p', sizes: ['1280x720', '854x480', '640x360'], audio: true },
  { name: '360p30-video-only', spec: { width: 640, height: 360, fps: 30, duration: 5, audio: false }, profile: '360p', sizes: ['640x360'], audio: false },
  { name: '4x3-25-audio', spec: { width: 640, height: 480, fps: 25, duration: 3 }, profile: '360p', sizes: ['480x360'], audio: true },
];

describe('HLS ladders by the default preset conditions (fast tracks)', () => {
  it.each(cases)('$name -> $profile', async (c) => {
    const file = await h.media.make(c.name, c.spec);
    const sourceDuration = await probeDuration(file);
    const job = h.job(h.nginx.mediaUrl(file), fastPreset(DEFAULT_PRESET, SEGMENT));
    const before = runs.length;
    await h.publish(job);
    const video = await h.waitFor(job.videoId, ['done', 'error']);
    expect(video.error).toBeNull();
    expect(video.status).toBe('done');
    expect(video.metadata).toMatchObject({ videoProfile: c.profile, audioProfile: c.audio ? '192k' : null });
    expect(Math.abs((video.duration ?? 0) - sourceDuration)).toBeLessThanOrEqual(0.1);

    const out = path.join(h.resultsDir, job.basename);
    const { master, media } = await readHls(out);
    expect(master.playlists?.map((p) => `${p.attributes.RESOLUTION?.width}x${p.attributes.RESOLUTION?.height}`)).toEqual(c.sizes);
    for (const p of master.playlists ?? []) {
      expect(p.attributes.BANDWIDTH).toBeGreaterThan(0);
      expect(p.attributes.CODECS).toMatch(c.audio ? /^avc1\.[0-9A-F]{6},mp4a\.40\.2$/ : /^avc1\.[0-9A-F]{6}$/);
    }
    for (const m of media) {
      expect(m.endList).toBe(true);
      expect(offSegments(m, SEGMENT)).toEqual([]);
      expect(m.segments.length).toBe(Math.ceil(sourceDuration / SEGMENT - 0.05));
    }
    expect(Math.abs((await probeDuration(path.join(out, 'index.m3u8'))) - sourceDuration)).toBeLessThanOrEqual(0.1);
    const durations = await streamDurations(path.join(out, 'playlist-0.m3u8'));
    expect(Math.abs((durations.video ?? 0) - sourceDuration)).toBeLessThanOrEqual(0.1);
    if (c.audio) expect(Math.abs((durations.audio ?? 0) - sourceDuration)).toBeLessThanOrEqual(0.1);
    else expect(durations.audio).toBeNull();

    // one split, one transcode per chunk, audio once, one segmenting run
    const mine = runs.slice(before);
    const chunks = mine.filter((r) => r.step === 'transcode').length;
    expect(chunks).toBe(Math.max(1, Math.round(sourceDuration / 2)));
    expect(mine.map((r) => r.step).filter((s) => s !== 'transcode')).toEqual(c.audio ? ['split', 'audio', 'segment'] : ['split', 'segment']);
    expect(await listFiles(path.join(h.tempDir, job.basename))).toEqual([]);

    // progress: known phases, percent never going back, at most one event per second
    const progress = h.events.filter((e) => e.videoId === job.videoId && e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const phases = progress.map((e) => (e.type === 'progress' ? e.progress : null));
    expect(phases.every((p) => p && ['analyze', 'split', 'transcode', 'segment'].includes(p.phase))).toBe(true);
    const percents = phases.map((p) => p?.percent ?? -1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const at = progress.map((e) => Date.parse(e.at));
    expect(at.slice(1).every((t, i) => t - (at[i] ?? 0) >= 990)).toBe(true);
  }, 120_000);

  it('the real DEFAULT_PRESET on a short source', async () => {
    const file = await h.media.make('default-preset', { width: 640, height: 360, fps: 30, duration: 5 });
    const job = h.job(h.nginx.mediaUrl(file), DEFAULT_PRESET);
    await h.publish(job);
    const video = await h.waitFor(job.videoId, ['done', 'error']);
    expect(video.error).toBeNull();
    const { master, media } = await readHls(path.join(h.resultsDir, job.basename));
    expect(master.playlists?.map((p) => p.attributes.RESOLUTION)).toEqual([{ width: 640, height: 360 }]);
    expect(media[0]?.segments.map((s) => s.duration)).toEqual([DEFAULT_SEGMENT_DURATION, expect.any(Number)]);
    expect(Math.abs((media[0]?.segments[1]?.duration ?? 0) - (5 - DEFAULT_SEGMENT_DURATION))).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
