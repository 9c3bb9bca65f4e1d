import { DEFAULT_PRESET, type PresetSnapshot } from '@dvt/contracts';
import { describe, expect, it } from '@jest/globals';
import { importProblem } from './snapshot.js';

const copy = (): PresetSnapshot => JSON.parse(JSON.stringify(DEFAULT_PRESET)) as PresetSnapshot;
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
