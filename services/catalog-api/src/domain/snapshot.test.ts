import { DEFAULT_PRESET, type PresetSnapshot } from '@dvt/contracts';
import { describe, expect, it } from '@jest/globals';
import type { ProfileRow, TrackRow } from '../db/catalog.table.js';
import { buildSnapshot, importProblem } from './snapshot.js';

const copy = (): PresetSnapshot => JSON.parse(JSON.stringify(DEFAULT_PRESET)) as PresetSnapshot;
const at = new Date('2026-01-01T00:00:00Z');
const track = (id: string, name: string, params: object): TrackRow => ({ id, seq: id, preset_id: 'p', name, params: params as Record<string, unknown>, created_at: at, modified_at: at });
const profile = (id: string, name: string, order: number, tracks: string[], extra: Partial<ProfileRow> = {}): ProfileRow & { tracks: string[] } => ({
  id, seq: id, preset_id: 'p', name, order_number: order, condition: { minBitrate: 0, minSampleRate: 0 }, created_at: at, modified_at: at, tracks, ...extra,
});

describe('buildSnapshot', () => {
  it('resolves profile track ids into full specs in link order', () => {
    const snapshot = buildSnapshot({
      name: 'p',
      videoTracks: [track('1', 'lo', { width: 2 }), track('2', 'hi', { width: 4 })],
      audioTracks: [track('3', 'a', { bitrate: 1 })],
      videoProfiles: [profile('4', 'vp', 0, ['2', '1'], { segment_duration: 4.8 })],
      audioProfiles: [profile('5', 'ap', 0, ['3'])],
    });
    expect(snapshot.videoProfiles[0]).toEqual({
      name: 'vp', orderNumber: 0, segmentDuration: 4.8, condition: { minBitrate: 0, minSampleRate: 0 },
      tracks: [{ name: 'hi', params: { width: 4 } }, { name: 'lo', params: { width: 2 } }],
    });
    expect(snapshot.audioProfiles[0]!.tracks).toEqual([{ name: 'a', params: { bitrate: 1 } }]);
    expect(snapshot.videoTracks.map((t) => t.name)).toEqual(['lo', 'hi']);
  });
});

describe('importProblem', () => {
  it('accepts the default preset', () => {
    expect(importProblem(copy())).toBeNull();
  });

  it('accepts the same params in another key order', () => {
    const doc = copy();
    const params = doc.videoProfiles[0]!.tracks[0]!.params;
    doc.videoProfiles[0]!.tracks[0]!.params = Object.fromEntries(Object.entries(params).reverse()) as typeof params;
    expect(importProblem(doc)).toBeNull();
  });

  it.each<[string, (doc: PresetSnapshot) => void, string]>([
    ['a differing spec', (d) => (d.videoProfiles[2]!.tracks[1]!.params.width = 642), 'body/videoProfiles/2/tracks/1 differs from the video track "360p" in body/videoTracks'],
    ['a track missing at the top level', (d) => (d.videoTracks = d.videoTracks.slice(1)), 'body/videoProfiles/0/tracks/0 names track "1080p" which is not in body/videoTracks'],
    ['a duplicate track name', (d) => d.audioTracks.push(d.audioTracks[0]!), 'body/audioTracks/1/name "192k" is used by another audio track'],
    ['a duplicate profile name', (d) => d.videoProfiles.push(d.videoProfiles[0]!), 'body/videoProfiles/4/name "1080p" is used by another video profile'],
    ['a track twice in a profile', (d) => d.audioProfiles[0]!.tracks.push(d.audioTracks[0]!), 'body/audioProfiles/0/tracks/1 lists track "192k" twice'],
  ])('refuses %s', (_what, spoil, message) => {
    const doc = copy();
    spoil(doc);
    expect(importProblem(doc)).toBe(message);
  });
});
