import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, setupCatalog, videoParams, type Catalog } from './helper.js';

let c: Catalog;
beforeAll(async () => {
  c = await setupCatalog();
});
afterAll(async () => {
  await c.close();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('presets', () => {
  it('creates, reads, renames and deletes a preset, keeping timestamps', async () => {
    const created = await call(c, 'POST', '/presets', { name: 'web-hd' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'web-hd', createdAt: expect.stringMatching(ISO), modifiedAt: created.body.createdAt });
    const id = created.body.id as string;

    expect(await call(c, 'GET', `/presets/${id}`)).toMatchObject({ status: 200, body: created.body });

    await new Promise((r) => setTimeout(r, 5));
    const renamed = await call(c, 'PATCH', `/presets/${id}`, { name: 'web-hd2' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'web-hd2', createdAt: created.body.createdAt });
    expect(Date.parse(renamed.body.modifiedAt as string)).toBeGreaterThan(Date.parse(created.body.createdAt as string));

    const deleted = await call(c, 'DELETE', `/presets/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await call(c, 'GET', `/presets/${id}`)).toMatchObject({ status: 404, body: { message: `preset ${id} not found` } });
    expect((await call(c, 'DELETE', `/presets/${id}`)).status).toBe(404);
    expect((await call(c, 'PATCH', `/presets/${id}`, { name: 'zz' })).status).toBe(404);
  });

  it('refuses a second preset of the same name, on create and on rename, with 409 naming it', async () => {
    await call(c, 'POST', '/presets', { name: 'dup' });
    expect(await call(c, 'POST', '/presets', { name: 'dup' })).toMatchObject({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'a preset named "dup" already exists' } });
    const other = await call(c, 'POST', '/presets', { name: 'dup-other' });
    expect(await call(c, 'PATCH', `/presets/${other.body.id as string}`, { name: 'dup' })).toMatchObject({ status: 409, body: { message: 'a preset named "dup" already exists' } });
  });

  it('enforces unique names in the database too', async () => {
    await expect(c.db.insertInto('preset').values({ name: 'default', created_at: new Date(), modified_at: new Date() }).execute()).rejects.toMatchObject({ code: '23505' });
    await expect(c.db.insertInto('preset').values({ name: 'not a slug', created_at: new Date(), modified_at: new Date() }).execute()).rejects.toMatchObject({ code: '23514' });
  });

  it('cascades a preset delete to its tracks, profiles and links', async () => {
    const preset = await call(c, 'POST', '/presets', { name: 'cascade' });
    const presetId = preset.body.id as string;
    const track = await call(c, 'POST', '/video-tracks', { presetId, name: 't', params: videoParams() });
    const audio = await call(c, 'POST', '/audio-tracks', { presetId, name: 'a', params: { codec: 'aac', bitrate: 96_000, channels: 2, sampleRate: 48_000 } });
    const vp = await call(c, 'POST', '/video-profiles', { presetId, name: 'vp', orderNumber: 0, segmentDuration: 4, tracks: [track.body.id] });
    const ap = await call(c, 'POST', '/audio-profiles', { presetId, name: 'ap', orderNumber: 0, tracks: [audio.body.id] });
    expect([track.status, audio.status, vp.status, ap.status]).toEqual([201, 201, 201, 201]);

    expect((await call(c, 'DELETE', `/presets/${presetId}`)).status).toBe(204);
    for (const url of [`/video-tracks/${track.body.id as string}`, `/audio-tracks/${audio.body.id as string}`, `/video-profiles/${vp.body.id as string}`, `/audio-profiles/${ap.body.id as string}`]) {
      expect((await call(c, 'GET', url)).status).toBe(404);
    }
    const links = await c.db.selectFrom('video_profile_track').select('track_id').where('preset_id', '=', presetId).execute();
    expect(links).toEqual([]);
  });

  it('pages through presets with cursors, filters by name substring case-insensitively', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `Page-Item-${i}`);
    for (const name of names) expect((await call(c, 'POST', '/presets', { name })).status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/presets?search=page-item&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(c, 'GET', url);
      expect(page.status).toBe(200);
      const items = page.body.items as { name: string }[];
      expect(items.length).toBeLessThanOrEqual(3);
      seen.push(...items.map((i) => i.name));
      cursor = page.body.nextCursor as string | null;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);

    expect((await call(c, 'GET', '/presets?search=ITEM-6')).body.items).toEqual([expect.objectContaining({ name: 'Page-Item-6' })]);
    expect((await call(c, 'GET', '/presets?search=%25')).body.items).toEqual([]);
    expect((await call(c, 'GET', '/presets?search=_')).body.items).toEqual([]);
  });

  it('lists 50 by default and at most 500', async () => {
    const now = new Date();
    await c.db.insertInto('preset').values(Array.from({ length: 60 }, (_, i) => ({ name: `bulk-${i}`, created_at: now, modified_at: now }))).execute();
    const first = await call(c, 'GET', '/presets');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = await call(c, 'GET', '/presets?limit=500');
    expect(all.body.nextCursor).toBeNull();
    expect((all.body.items as unknown[]).length).toBeGreaterThan(60);
    expect(await call(c, 'GET', '/presets?limit=501')).toMatchObject({ status: 400, body: { message: 'querystring/limit must be <= 500' } });
  });
});
