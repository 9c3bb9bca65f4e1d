import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { audioParams, call, setupCatalog, videoParams, type Catalog } from './helper.js';

let c: Catalog;
let presetId: string;
let otherPresetId: string;
const video: string[] = [];
const audio: string[] = [];
let foreignVideo: string;
let foreignAudio: string;

beforeAll(async () => {
  c = await setupCatalog();
  presetId = (await call(c, 'POST', '/presets', { name: 'profiles' })).body.id as string;
  otherPresetId = (await call(c, 'POST', '/presets', { name: 'profiles-other' })).body.id as string;
  for (const name of ['v1', 'v2', 'v3']) video.push((await call(c, 'POST', '/video-tracks', { presetId, name, params: videoParams() })).body.id as string);
  for (const name of ['a1', 'a2']) audio.push((await call(c, 'POST', '/audio-tracks', { presetId, name, params: audioParams() })).body.id as string);
  foreignVideo = (await call(c, 'POST', '/video-tracks', { presetId: otherPresetId, name: 'fv', params: videoParams() })).body.id as string;
  foreignAudio = (await call(c, 'POST', '/audio-tracks', { presetId: otherPresetId, name: 'fa', params: audioParams() })).body.id as string;
});
afterAll(async () => {
  await c.close();
});

describe('video profiles', () => {
  it('creates a profile with ordered tracks and default condition bounds', async () => {
    const created = await call(c, 'POST', '/video-profiles', { presetId, name: 'hd', orderNumber: 1, segmentDuration: 4.8, condition: { minWidth: 1280 }, tracks: [video[2], video[0]] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      presetId,
      name: 'hd',
      orderNumber: 1,
      segmentDuration: 4.8,
      condition: { minWidth: 1280, minHeight: 0, minBitrate: 0, minFrameRate: 0, minDar: 0, maxDar: 0 },
      tracks: [video[2], video[0]],
      createdAt: expect.any(String),
      modifiedAt: created.body.createdAt,
    });
    expect((await call(c, 'GET', `/video-profiles/${created.body.id as string}`)).body).toEqual(created.body);
  });

  it('patches: merges condition bounds, replaces the track list in the new order, renames', async () => {
    const created = await call(c, 'POST', '/video-profiles', { presetId, name: 'patch-me', orderNumber: 2, segmentDuration: 6, condition: { minWidth: 640, minBitrate: 100 }, tracks: [video[0]] });
    const id = created.body.id as string;
    const patched = await call(c, 'PATCH', `/video-profiles/${id}`, { condition: { minHeight: 360 }, tracks: [video[1], video[2], video[0]], segmentDuration: 2, orderNumber: 9 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'patch-me',
      orderNumber: 9,
      segmentDuration: 2,
      condition: { minWidth: 640, minHeight: 360, minBitrate: 100, minFrameRate: 0, minDar: 0, maxDar: 0 },
      tracks: [video[1], video[2], video[0]],
    });
    const emptied = await call(c, 'PATCH', `/video-profiles/${id}`, { tracks: [] });
    expect(emptied.body.tracks).toEqual([]);
    expect((await call(c, 'PATCH', `/video-profiles/${id}`, { name: 'patched' })).body).toMatchObject({ name: 'patched', tracks: [] });
  });

  it('refuses tracks of another preset with 400 naming the track, on create and patch', async () => {
    expect(await call(c, 'POST', '/video-profiles', { presetId, name: 'foreign', orderNumber: 0, segmentDuration: 4, tracks: [video[0], foreignVideo] })).toMatchObject({
      status: 400,
      body: { message: `body/tracks/1 video track ${foreignVideo} is not a track of preset ${presetId}` },
    });
    const ok = await call(c, 'POST', '/video-profiles', { presetId, name: 'foreign-patch', orderNumber: 0, segmentDuration: 4 });
    expect(await call(c, 'PATCH', `/video-profiles/${ok.body.id as string}`, { tracks: [foreignVideo] })).toMatchObject({
      status: 400,
      body: { message: `body/tracks/0 video track ${foreignVideo} is not a track of preset ${presetId}` },
    });
    // an audio track id is not a video track either
    expect((await call(c, 'POST', '/video-profiles', { presetId, name: 'wrong-kind', orderNumber: 0, segmentDuration: 4, tracks: [audio[0]] })).status).toBe(400);
  });

  it('enforces the preset rule in the database as well (composite foreign key)', async () => {
    const profileId = (await call(c, 'POST', '/video-profiles', { presetId, name: 'db-rule', orderNumber: 0, segmentDuration: 4 })).body.id as string;
    await expect(c.db.insertInto('video_profile_track').values({ profile_id: profileId, preset_id: presetId, track_id: foreignVideo, order_number: 0 }).execute()).rejects.toMatchObject({ code: '23503' });
    await expect(c.db.insertInto('video_profile_track').values({ profile_id: profileId, preset_id: otherPresetId, track_id: foreignVideo, order_number: 0 }).execute()).rejects.toMatchObject({ code: '23503' });
  });

  it('keeps profile names unique per preset', async () => {
    await call(c, 'POST', '/video-profiles', { presetId, name: 'uniq', orderNumber: 0, segmentDuration: 4 });
    expect(await call(c, 'POST', '/video-profiles', { presetId, name: 'uniq', orderNumber: 1, segmentDuration: 4 })).toMatchObject({
      status: 409,
      body: { message: `a video profile named "uniq" already exists in preset ${presetId}` },
    });
    expect((await call(c, 'POST', '/video-profiles', { presetId: otherPresetId, name: 'uniq', orderNumber: 1, segmentDuration: 4 })).status).toBe(201);
  });

  it('lists by preset and name, pages, and deletes', async () => {
    const preset = (await call(c, 'POST', '/presets', { name: 'vp-list' })).body.id as string;
    for (const [i, name] of ['one', 'two', 'three'].entries()) await call(c, 'POST', '/video-profiles', { presetId: preset, name, orderNumber: i, segmentDuration: 4 });
    const page1 = await call(c, 'GET', `/video-profiles?presetId=${preset}&limit=2`);
    expect((page1.body.items as { name: string }[]).map((p) => p.name)).toEqual(['one', 'two']);
    const page2 = await call(c, 'GET', `/video-profiles?presetId=${preset}&limit=2&cursor=${page1.body.nextCursor as string}`);
    expect(page2.body).toMatchObject({ items: [expect.objectContaining({ name: 'three' })], nextCursor: null });
    expect((await call(c, 'GET', `/video-profiles?presetId=${preset}&search=T`)).body.items).toHaveLength(2);

    const id = (page2.body.items as { id: string }[])[0]!.id;
    expect((await call(c, 'DELETE', `/video-profiles/${id}`)).status).toBe(204);
    expect((await call(c, 'GET', `/video-profiles/${id}`)).status).toBe(404);
    expect((await call(c, 'DELETE', `/video-profiles/${id}`)).status).toBe(404);
    expect((await call(c, 'PATCH', `/video-profiles/${id}`, { name: 'x' })).status).toBe(404);
  });
});

describe('audio profiles', () => {
  it('creates, reads, lists, patches and deletes, with tracks of the same preset only', async () => {
    const created = await call(c, 'POST', '/audio-profiles', { presetId, name: 'stereo', orderNumber: 0, condition: { minSampleRate: 44_100 }, tracks: [audio[1], audio[0]] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ presetId, name: 'stereo', orderNumber: 0, condition: { minBitrate: 0, minSampleRate: 44_100 }, tracks: [audio[1], audio[0]] });
    expect(created.body).not.toHaveProperty('segmentDuration');
    const id = created.body.id as string;
    expect((await call(c, 'GET', `/audio-profiles/${id}`)).body).toEqual(created.body);
    expect((await call(c, 'GET', `/audio-profiles?presetId=${presetId}`)).body.items).toEqual([created.body]);

    const patched = await call(c, 'PATCH', `/audio-profiles/${id}`, { condition: { minBitrate: 64_000 }, tracks: [audio[0]] });
    expect(patched.body).toMatchObject({ condition: { minBitrate: 64_000, minSampleRate: 44_100 }, tracks: [audio[0]] });
    expect(await call(c, 'PATCH', `/audio-profiles/${id}`, { tracks: [foreignAudio] })).toMatchObject({
      status: 400,
      body: { message: `body/tracks/0 audio track ${foreignAudio} is not a track of preset ${presetId}` },
    });
    expect(await call(c, 'POST', '/audio-profiles', { presetId, name: 'stereo', orderNumber: 1 })).toMatchObject({ status: 409, body: { message: expect.stringContaining('"stereo"') } });
    expect((await call(c, 'DELETE', `/audio-profiles/${id}`)).status).toBe(204);
    expect((await call(c, 'GET', `/audio-profiles/${id}`)).status).toBe(404);
  });
});
