import { DEFAULT_PRESET, type PresetSnapshot } from '@dvt/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, setupCatalog, videoParams, audioParams, type Catalog } from './helper.js';

let c: Catalog;
beforeAll(async () => {
  c = await setupCatalog();
});
afterAll(async () => {
  await c.close();
});

// JSON round trip, not structuredClone: DEFAULT_PRESET shares track objects between lists.
const rename = (doc: PresetSnapshot, name: string): PresetSnapshot => ({ ...(JSON.parse(JSON.stringify(doc)) as PresetSnapshot), name });

describe('snapshot', () => {
  it('the migration creates `default` equal field by field to DEFAULT_PRESET', async () => {
    const byName = await call(c, 'GET', '/presets/default/snapshot');
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual(DEFAULT_PRESET);
    const preset = (await call(c, 'GET', '/presets?search=default')).body.items as { id: string; name: string }[];
    expect(preset.map((p) => p.name)).toEqual(['default']);
    expect((await call(c, 'GET', `/presets/${preset[0]!.id}/snapshot`)).body).toEqual(DEFAULT_PRESET);
  });

  it('lists profiles by orderNumber and each profile\'s tracks in link order, with full params', async () => {
    const presetId = (await call(c, 'POST', '/presets', { name: 'ordered' })).body.id as string;
    const t = async (name: string, width: number) => (await call(c, 'POST', '/video-tracks', { presetId, name, params: videoParams({ width }) })).body.id as string;
    const small = await t('small', 320);
    const big = await t('big', 1280);
    const audioId = (await call(c, 'POST', '/audio-tracks', { presetId, name: 'aac', params: audioParams() })).body.id as string;
    await call(c, 'POST', '/video-profiles', { presetId, name: 'last', orderNumber: 7, segmentDuration: 4, tracks: [small] });
    await call(c, 'POST', '/video-profiles', { presetId, name: 'first', orderNumber: 0, segmentDuration: 2, condition: { minWidth: 1280 }, tracks: [big, small] });
    await call(c, 'POST', '/audio-profiles', { presetId, name: 'any', orderNumber: 0, tracks: [audioId] });

    const snapshot = await call(c, 'GET', '/presets/ordered/snapshot');
    const noBounds = { minWidth: 0, minHeight: 0, minBitrate: 0, minFrameRate: 0, minDar: 0, maxDar: 0 };
    expect(snapshot.body).toEqual({
      name: 'ordered',
      videoTracks: [{ name: 'small', params: videoParams({ width: 320 }) }, { name: 'big', params: videoParams({ width: 1280 }) }],
      audioTracks: [{ name: 'aac', params: audioParams() }],
      videoProfiles: [
        { name: 'first', orderNumber: 0, segmentDuration: 2, condition: { ...noBounds, minWidth: 1280 }, tracks: [{ name: 'big', params: videoParams({ width: 1280 }) }, { name: 'small', params: videoParams({ width: 320 }) }] },
        { name: 'last', orderNumber: 7, segmentDuration: 4, condition: noBounds, tracks: [{ name: 'small', params: videoParams({ width: 320 }) }] },
      ],
      audioProfiles: [{ name: 'any', orderNumber: 0, condition: { minBitrate: 0, minSampleRate: 0 }, tracks: [{ name: 'aac', params: audioParams() }] }],
    });
  });

  it('answers 404 for an unknown id or name', async () => {
    expect(await call(c, 'GET', '/presets/nope/snapshot')).toMatchObject({ status: 404, body: { message: 'preset nope not found' } });
    expect((await call(c, 'GET', '/presets/00000000-0000-4000-8000-000000000000/export')).status).toBe(404);
  });
});

describe('export and import', () => {
  it('exports the snapshot as an attachment', async () => {
    const res = await call(c, 'GET', '/presets/default/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="preset-default.json"');
    expect(res.body).toEqual(DEFAULT_PRESET);
  });

  it('imports an exported preset under a new name: same snapshot back', async () => {
    const exported = (await call(c, 'GET', '/presets/default/export')).body as unknown as PresetSnapshot;
    const imported = await call(c, 'POST', '/presets/import', rename(exported, 'default-copy'));
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ id: expect.any(String), name: 'default-copy', createdAt: expect.any(String), modifiedAt: expect.any(String) });
    expect((await call(c, 'GET', '/presets/default-copy/snapshot')).body).toEqual(rename(DEFAULT_PRESET, 'default-copy'));
    // the imported rows are ordinary catalog rows
    const tracks = await call(c, 'GET', `/video-tracks?presetId=${imported.body.id as string}`);
    expect((tracks.body.items as { name: string }[]).map((t) => t.name)).toEqual(['1080p', '720p', '480p', '360p']);
  });

  it('refuses an existing name with 409, and replaces it atomically with replace=true (keeping its id)', async () => {
    const doc = rename(DEFAULT_PRESET, 'to-replace');
    const first = await call(c, 'POST', '/presets/import', doc);
    expect(first.status).toBe(201);
    expect(await call(c, 'POST', '/presets/import', doc)).toMatchObject({ status: 409, body: { message: 'a preset named "to-replace" already exists (pass replace=true to replace it)' } });

    const smaller: PresetSnapshot = { ...doc, videoTracks: [doc.videoTracks[3]!], videoProfiles: [{ ...doc.videoProfiles[3]!, orderNumber: 0 }], audioProfiles: [] };
    const replaced = await call(c, 'POST', '/presets/import?replace=true', smaller);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ id: first.body.id, name: 'to-replace', createdAt: first.body.createdAt });
    expect((await call(c, 'GET', '/presets/to-replace/snapshot')).body).toEqual(smaller);
    expect((await call(c, 'GET', '/presets/default/snapshot')).body).toEqual(DEFAULT_PRESET);
  });

  it('20 concurrent imports of a new name with replace=true all succeed, leaving one preset', async () => {
    const doc = rename(DEFAULT_PRESET, 'raced-import');
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(c, 'POST', '/presets/import?replace=true', doc)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await call(c, 'GET', '/presets/raced-import/snapshot')).body).toEqual(doc);
  });

  it('refuses a profile whose track spec differs from the top-level track of that name', async () => {
    const doc = rename(DEFAULT_PRESET, 'bad-spec');
    doc.videoProfiles[1]!.tracks[2]!.params.constantRateFactor = 30;
    expect(await call(c, 'POST', '/presets/import', doc)).toMatchObject({
      status: 400,
      body: { message: 'body/videoProfiles/1/tracks/2 differs from the video track "360p" in body/videoTracks' },
    });
    expect((await call(c, 'GET', '/presets/bad-spec/snapshot')).status).toBe(404);
  });

  it('refuses a profile naming a track that is not in the document, and duplicate names', async () => {
    const missing = rename(DEFAULT_PRESET, 'missing');
    missing.audioTracks = [];
    expect(await call(c, 'POST', '/presets/import', missing)).toMatchObject({ status: 400, body: { message: 'body/audioProfiles/0/tracks/0 names track "192k" which is not in body/audioTracks' } });
    const dup = rename(DEFAULT_PRESET, 'dup');
    dup.videoTracks.push(dup.videoTracks[0]!);
    expect(await call(c, 'POST', '/presets/import', dup)).toMatchObject({ status: 400, body: { message: 'body/videoTracks/4/name "1080p" is used by another video track' } });
  });
});
