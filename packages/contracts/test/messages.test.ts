import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, PresetSnapshot, compileParser, eventRoutingKey, parseJobMessage, parseWorkerEvent, peekJobIds, type JobMessage } from '../src/index.js';

const job: JobMessage = {
  version: 1,
  taskId: '6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11',
  videoId: '0b7e3f3a-2b9e-4d8e-8f7a-3c2d1e0f9a88',
  source: 'https://example.com/source.mp4',
  basename: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  preset: DEFAULT_PRESET,
  attempt: 1,
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));
const without = (key: keyof JobMessage) => Object.fromEntries(Object.entries(job).filter(([k]) => k !== key));
const event = { version: 1, videoId: job.videoId, taskId: job.taskId, workerId: 'host:1', at: '2026-11-24T10:00:00.000Z' };

describe('job message', () => {
  it('accepts a well-formed v1 message with the default preset', () => {
    const parsed = parseJobMessage(encode(job));
    expect(parsed).toEqual({ ok: true, value: job });
  });

  it.each([
    ['not JSON', Buffer.from('{"version": 1,'), /not valid JSON/],
    ['a JSON array', encode([job]), /not a JSON object/],
    ['an unknown version', encode({ ...job, version: 2 }), /unknown version 2/],
    ['no version', encode(without('version')), /unknown version undefined/],
    ['no taskId', encode(without('taskId')), /\/taskId/],
    ['no preset', encode(without('preset')), /\/preset/],
    ['a numeric videoId', encode({ ...job, videoId: 42 }), /\/videoId/],
    ['a malformed basename', encode({ ...job, basename: '../etc' }), /\/basename/],
    ['attempt 0', encode({ ...job, attempt: 0 }), /\/attempt/],
    ['an extra field', encode({ ...job, priority: 9 }), /\/priority/],
    ['a preset track with crf 60', encode({ ...job, preset: { ...DEFAULT_PRESET, videoTracks: [{ name: 'x', params: { ...DEFAULT_PRESET.videoTracks[0]!.params, constantRateFactor: 60 } }] } }), /constantRateFactor/],
  ])('rejects %s', (_what, raw, message) => {
    const parsed = parseJobMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('peeks the ids of a message it cannot parse, when they are there', () => {
    expect(peekJobIds(encode({ ...job, version: 7 }))).toEqual({ videoId: job.videoId, taskId: job.taskId });
    expect(peekJobIds(Buffer.from('garbage'))).toBeNull();
    expect(peekJobIds(encode({ videoId: 'x', taskId: 'y' }))).toBeNull();
  });
});

describe('worker events', () => {
  it.each([
    { ...event, type: 'process' },
    { ...event, type: 'progress', progress: { phase: 'transcode', percent: 42.5 } },
    { ...event, type: 'done', metadata: { streams: [] }, duration: 12.5 },
    { ...event, type: 'error', error: 'no video stream in source' },
    { ...event, type: 'requeued', reason: 'SIGTERM' },
  ])('accepts a $type event', (e) => {
    expect(parseWorkerEvent(encode(e))).toEqual({ ok: true, value: e });
  });

  it.each([
    ['an unknown type', { ...event, type: 'paused' }],
    ['a progress without phase', { ...event, type: 'progress', progress: { percent: 1 } }],
    ['a percent over 100', { ...event, type: 'progress', progress: { phase: 'split', percent: 101 } }],
    ['a done without duration', { ...event, type: 'done', metadata: {} }],
    ['an error without message', { ...event, type: 'error' }],
    ['an unknown version', { ...event, version: 2, type: 'process' }],
    ['a missing taskId', { version: 1, videoId: job.videoId, workerId: 'w', at: event.at, type: 'process' }],
  ])('rejects %s', (_what, e) => {
    const parsed = parseWorkerEvent(encode(e));
    expect(parsed.ok).toBe(false);
  });

  it('routes events by type', () => {
    expect(eventRoutingKey('done')).toBe('video.done');
  });
});

describe('preset snapshot', () => {
  const check = compileParser(PresetSnapshot, 'preset snapshot');
  it('validates the default preset', () => {
    expect(check(DEFAULT_PRESET)).toEqual({ ok: true, value: DEFAULT_PRESET });
  });
  it('names the field of an odd width', () => {
    const bad = structuredClone(DEFAULT_PRESET);
    bad.videoTracks[0]!.params.width = 1921;
    const parsed = check(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toBe('invalid preset snapshot: /videoTracks/0/params/width Expected integer to be a multiple of 2');
  });
});
