import { conditionProblem, type PresetSnapshot } from '@dvt/contracts';
import { isDeepStrictEqual } from 'node:util';

function duplicate(names: string[]): number {
  const seen = new Set<string>();
  return names.findIndex((name) => (seen.has(name) ? true : (seen.add(name), false)));
}

/**
 * Why an imported document cannot be stored as is (naming the field), or null.
 * Profiles refer to tracks by name; the spec they carry must equal the top-level track's.
 */
export function importProblem(doc: PresetSnapshot): string | null {
  for (const kind of ['video', 'audio'] as const) {
    const tracks: { name: string; params: unknown }[] = kind === 'video' ? doc.videoTracks : doc.audioTracks;
    const profiles: { name: string; tracks: { name: string; params: unknown }[] }[] = kind === 'video' ? doc.videoProfiles : doc.audioProfiles;
    const dupTrack = duplicate(tracks.map((t) => t.name));
    if (dupTrack >= 0) return `body/${kind}Tracks/${dupTrack}/name "${tracks[dupTrack]!.name}" is used by another ${kind} track`;
    const dupProfile = duplicate(profiles.map((p) => p.name));
    if (dupProfile >= 0) return `body/${kind}Profiles/${dupProfile}/name "${profiles[dupProfile]!.name}" is used by another ${kind} profile`;
    const byName = new Map(tracks.map((t) => [t.name, t.params]));
    for (const [i, profile] of profiles.entries()) {
      const dupLink = duplicate(profile.tracks.map((t) => t.name));
      if (dupLink >= 0) return `body/${kind}Profiles/${i}/tracks/${dupLink} lists track "${profile.tracks[dupLink]!.name}" twice`;
      for (const [j, track] of profile.tracks.entries()) {
        const path = `body/${kind}Profiles/${i}/tracks/${j}`;
        if (!byName.has(track.name)) return `${path} names track "${track.name}" which is not in body/${kind}Tracks`;
        if (!isDeepStrictEqual(byName.get(track.name), track.params)) return `${path} differs from the ${kind} track "${track.name}" in body/${kind}Tracks`;
      }
    }
  }
  for (const [i, profile] of doc.videoProfiles.entries()) {
    const problem = conditionProblem(profile.condition);
    if (problem) return `body/videoProfiles/${i}/condition ${problem}`;
  }
  return null;
}
