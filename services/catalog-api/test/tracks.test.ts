import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { audioParams, call, setupCatalog, videoParams, type Catalog } from './helper.js';

let c: Catalog;
let presetId: string;
let otherPresetId: string;
beforeAll(async () => {
  c = await setupCatalog();
  presetId = (await call(c, 'POST', '/presets', { name: 'tracks' })).body.id as string;
  otherPresetId = (await call(c, 'POST', '/presets', { name: 'tracks-other' })).body.id as string;
});
afterAll(async () => {
  await c.close();
});

describe('video tracks', () => {
  it('creates, reads, patches (merging params) and deletes a track', async () => {
    const created = await call(c, 'POST', '/video-tracks', { presetId, name: '360p', params: videoParams() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), presetId, name: '360p', params: videoParams(), createdAt: expect.any(String), modifiedAt: created.body.createdAt });
    const id = created.body.id as string;
    expect((await call(c, 'GET', `/video-tracks/${id}`)).body).toEqual(created.body);

    const patched = await call(c, 'PATCH', `/video-tracks/${id}`, { params: { constantRateFactor: 30, preset: 'veryslow' } });
    expect(patched.status).toBe(200);
    expect(patched.body.params).toEqual(videoParams({ constantRateFactor: 30, preset: 'veryslow' }));
    expect(patched.body.name).toBe('360p');

    const renamed = await call(c, 'PATCH', `/video-tracks/${id}`, { name: '360p-low' });
    expect(renamed.body).toMatchObject({ name: '360p-low', params: videoParams({ constantRateFactor: 30, preset: 'veryslow' }) });

    expect((await call(c, 'DELETE', `/video-tracks/${id}`)).status).toBe(204);
    expect(await call(c, 'GET', `/video-tracks/${id}`)).toMatchObject({ status: 404, body: { message: `video track ${id} not found` } });
    expect((await call(c, 'DELETE', `/video-tracks/${id}`)).status).toBe(404);
  });

  it('keeps names unique per preset (409), but the same name may live in another preset', async () => {
    expect((await call(c, 'POST', '/video-tracks', { presetId, name: 'same', params: videoParams() })).status).toBe(201);
    expect(await call(c, 'POST', '/video-tracks', { presetId, name: 'same', params: videoParams() })).toMatchObject({
      status: 409,
      body: { message: `a video track named "same" already exists in preset ${presetId}` },
    });
    expect((await call(c, 'POST', '/video-tracks', { presetId: otherPresetId, name: 'same', params: videoParams() })).status).toBe(201);
    const second = await call(c, 'POST', '/video-tracks', { presetId, name: 'same-2', params: videoParams() });
    expect(await call(c, 'PATCH', `/video-tracks/${second.body.id as string}`, { name: 'same' })).toMatchObject({ status: 409, body: { message: expect.stringContaining('"same"') } });
  });

  it('refuses a track of an unknown preset with 404', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await call(c, 'POST', '/video-tracks', { presetId: ghost, name: 'x', params: videoParams() })).toMatchObject({ status: 404, body: { message: `preset ${ghost} not found (body/presetId)` } });
  });

  it('filters by preset, searches by name and pages with cursors', async () => {
    const preset = (await call(c, 'POST', '/presets', { name: 'track-list' })).body.id as string;
    const names = ['Alpha-1', 'alpha-2', 'beta', 'ALPHA-3', 'gamma'];
    for (const name of names) await call(c, 'POST', '/video-tracks', { presetId: preset, name, params: videoParams() });

    const all = await call(c, 'GET', `/video-tracks?presetId=${preset}&limit=500`);
    expect((all.body.items as { name: string }[]).map((t) => t.name)).toEqual(names);
    expect(all.body.nextCursor).toBeNull();

    const first = await call(c, 'GET', `/video-tracks?presetId=${preset}&search=alpha&limit=2`);
    expect((first.body.items as { name: string }[]).map((t) => t.name)).toEqual(['Alpha-1', 'alpha-2']);
    const second = await call(c, 'GET', `/video-tracks?presetId=${preset}&search=alpha&limit=2&cursor=${first.body.nextCursor as string}`);
    expect((second.body.items as { name: string }[]).map((t) => t.name)).toEqual(['ALPHA-3']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('a preset deleted while tracks and profiles are being added to it', () => {
  it('answers 201 or 404 naming the preset, never a 500', async () => {
    for (let round = 0; round < 3; round += 1) {
      const presetId = (await call(c, 'POST', '/presets', { name: `vanishing-${round}` })).body.id as string;
      const adds = Array.from({ length: 10 }, (_, i) => [
        call(c, 'POST', '/video-tracks', { presetId, name: `t${i}`, params: videoParams() }),
        call(c, 'POST', '/audio-tracks', { presetId, name: `a${i}`, params: audioParams() }),
        call(c, 'POST', '/video-profiles', { presetId, name: `p${i}`, orderNumber: i, segmentDuration: 4 }),
      ]).flat();
      const [deleted, ...answers] = await Promise.all([call(c, 'DELETE', `/presets/${presetId}`), ...adds]);
      expect(deleted.status).toBe(204);
      for (const a of answers) {
        if (a.status === 201) continue;
        expect({ status: a.status, message: a.body.message }).toEqual({ status: 404, message: `preset ${presetId} not found (body/presetId)` });
      }
    }
  });
});

describe('audio tracks', () => {
  it('creates, reads, lists, patches and deletes a track', async () => {
    const created = await call(c, 'POST', '/audio-tracks', { presetId, name: '128k', params: audioParams() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ presetId, name: '128k', params: audioParams() });
    const id = created.body.id as string;
    expect((await call(c, 'GET', `/audio-tracks/${id}`)).body).toEqual(created.body);
    const listed = await call(c, 'GET', `/audio-tracks?presetId=${presetId}`);
    expect(listed.body).toEqual({ items: [created.body], nextCursor: null });

    const patched = await call(c, 'PATCH', `/audio-tracks/${id}`, { params: { bitrate: 96_000, channels: 1 } });
    expect(patched.body.params).toEqual(audioParams({ bitrate: 96_000, channels: 1 }));
    expect(await call(c, 'PATCH', `/audio-tracks/${id}`, { params: { sampleRate: 12345 } })).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^body\/params\/sampleRate must be one of: 8000, 11025/) },
    });
    expect((await call(c, 'DELETE', `/audio-tracks/${id}`)).status).toBe(204);
    expect((await call(c, 'GET', `/audio-tracks/${id}`)).status).toBe(404);
  });

  it('keeps audio names unique per preset', async () => {
    await call(c, 'POST', '/audio-tracks', { presetId, name: 'a-dup', params: audioParams() });
    expect(await call(c, 'POST', '/audio-tracks', { presetId, name: 'a-dup', params: audioParams() })).toMatchObject({ status: 409, body: { message: expect.stringContaining('audio track named "a-dup"') } });
  });
});

describe('deleting a track', () => {
  it('removes it from the profiles that listed it, keeping the others in order', async () => {
    const ids: string[] = [];
    for (const name of ['d1', 'd2', 'd3']) ids.push((await call(c, 'POST', '/video-tracks', { presetId, name, params: videoParams() })).body.id as string);
    const profile = await call(c, 'POST', '/video-profiles', { presetId, name: 'with-d', orderNumber: 5, segmentDuration: 4, tracks: [ids[2], ids[0], ids[1]] });
    expect(profile.body.tracks).toEqual([ids[2], ids[0], ids[1]]);

    await new Promise((r) => setTimeout(r, 5));
    expect((await call(c, 'DELETE', `/video-tracks/${ids[0]!}`)).status).toBe(204);
    const after = await call(c, 'GET', `/video-profiles/${profile.body.id as string}`);
    expect(after.body.tracks).toEqual([ids[2], ids[1]]);
    expect(Date.parse(after.body.modifiedAt as string)).toBeGreaterThan(Date.parse(profile.body.modifiedAt as string));
  });
});
