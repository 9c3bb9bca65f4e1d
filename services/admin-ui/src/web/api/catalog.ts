import type {
  AudioProfile,
  AudioProfileCreate,
  AudioProfilePatch,
  AudioTrack,
  AudioTrackCreate,
  AudioTrackPatch,
  PageOf,
  Preset,
  PresetSnapshot,
  VideoProfile,
  VideoProfileCreate,
  VideoProfilePatch,
  VideoTrack,
  VideoTrackCreate,
  VideoTrackPatch,
} from '@dvt/contracts';
import { request } from './client.js';

const enc = encodeURIComponent;

/** Same five verbs for each catalog collection. */
function collection<T, C, P>(path: string) {
  return {
    list: (query: { presetId?: string; search?: string; cursor?: string; limit?: number } = {}) =>
      request<PageOf<T>>('catalog', 'GET', path, { query: { limit: 500, ...query } }),
    get: (id: string) => request<T>('catalog', 'GET', `${path}/${enc(id)}`),
    create: (body: C) => request<T>('catalog', 'POST', path, { body }),
    update: (id: string, body: P) => request<T>('catalog', 'PATCH', `${path}/${enc(id)}`, { body }),
    remove: (id: string) => request<void>('catalog', 'DELETE', `${path}/${enc(id)}`),
  };
}

export const catalog = {
  presets: {
    list: (query: { search?: string; cursor?: string; limit?: number } = {}) => request<PageOf<Preset>>('catalog', 'GET', '/presets', { query }),
    get: (id: string) => request<Preset>('catalog', 'GET', `/presets/${enc(id)}`),
    create: (name: string) => request<Preset>('catalog', 'POST', '/presets', { body: { name } }),
    rename: (id: string, name: string) => request<Preset>('catalog', 'PATCH', `/presets/${enc(id)}`, { body: { name } }),
    remove: (id: string) => request<void>('catalog', 'DELETE', `/presets/${enc(id)}`),
    exportJson: (id: string) => request<PresetSnapshot>('catalog', 'GET', `/presets/${enc(id)}/export`),
    importJson: (doc: unknown, replace = false) => request<Preset>('catalog', 'POST', '/presets/import', { body: doc, query: { replace: replace ? 'true' : undefined } }),
  },
  videoTracks: collection<VideoTrack, VideoTrackCreate, VideoTrackPatch>('/video-tracks'),
  audioTracks: collection<AudioTrack, AudioTrackCreate, AudioTrackPatch>('/audio-tracks'),
  videoProfiles: collection<VideoProfile, VideoProfileCreate, VideoProfilePatch>('/video-profiles'),
  audioProfiles: collection<AudioProfile, AudioProfileCreate, AudioProfilePatch>('/audio-profiles'),
};

/** Every preset, for pickers (the catalog is small; pages of 500 are followed to the end). */
export async function allPresets(): Promise<Preset[]> {
  const out: Preset[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.presets.list({ limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
