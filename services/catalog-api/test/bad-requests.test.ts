import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { audioParams, call, setupCatalog, videoParams, type Catalog } from './helper.js';

// Every bad request gets its status and a message naming what was wrong. The app
// has API keys on, so every row sends a good key unless it is about auth.
const KEY = 'table-key';
const auth = { authorization: `Bearer ${KEY}` };

interface Fixture {
  presetId: string;
  trackId: string;
  audioTrackId: string;
  profileId: string;
  foreignTrackId: string;
}

interface Row {
  name: string;
  request: (f: Fixture) => { method: string; url: string; body?: unknown; headers?: Record<string, string> };
  status: number;
  message: string | RegExp;
}

const ghost = '00000000-0000-4000-8000-000000000000';
const track = (f: Fixture, params: Record<string, unknown>) => ({ method: 'POST', url: '/video-tracks', body: { presetId: f.presetId, name: 'bad', params } });
const vparams = (f: Fixture, overrides: Record<string, unknown>) => track(f, videoParams(overrides));
const aparams = (f: Fixture, overrides: Record<string, unknown>) => ({ method: 'POST', url: '/audio-tracks', body: { presetId: f.presetId, name: 'bad', params: audioParams(overrides) } });
const profile = (f: Fixture, fields: Record<string, unknown>) => ({ method: 'POST', url: '/video-profiles', body: { presetId: f.presetId, name: 'bad', orderNumber: 0, segmentDuration: 4, ...fields } });
const withoutWidth = () => {
  const { width: _width, ...rest } = videoParams();
  return rest;
};

const rows: Row[] = [
  // presets
  { name: 'preset without name', request: () => ({ method: 'POST', url: '/presets', body: {} }), status: 400, message: 'body/name is required' },
  { name: 'preset name of the wrong type', request: () => ({ method: 'POST', url: '/presets', body: { name: 42 } }), status: 400, message: 'body/name must be string' },
  { name: 'preset name not a slug', request: () => ({ method: 'POST', url: '/presets', body: { name: 'has space' } }), status: 400, message: 'body/name must match pattern "^[-a-zA-Z0-9_]+$"' },
  { name: 'preset name too long', request: () => ({ method: 'POST', url: '/presets', body: { name: 'x'.repeat(51) } }), status: 400, message: 'body/name must NOT have more than 50 characters' },
  { name: 'preset unknown field', request: () => ({ method: 'POST', url: '/presets', body: { name: 'ok', extra: true } }), status: 400, message: 'body/extra is not a known field' },
  { name: 'preset body an array', request: () => ({ method: 'POST', url: '/presets', body: [] }), status: 400, message: 'body must be object' },
  { name: 'empty preset patch', request: (f) => ({ method: 'PATCH', url: `/presets/${f.presetId}`, body: {} }), status: 400, message: 'body must NOT have fewer than 1 properties' },
  { name: 'duplicate preset name', request: () => ({ method: 'POST', url: '/presets', body: { name: 'default' } }), status: 409, message: 'a preset named "default" already exists' },
  { name: 'malformed preset id', request: () => ({ method: 'GET', url: '/presets/not-a-uuid' }), status: 400, message: 'params/id must match format "uuid"' },
  { name: 'unknown preset id', request: () => ({ method: 'GET', url: `/presets/${ghost}` }), status: 404, message: `preset ${ghost} not found` },
  // video track params
  { name: 'crf 52', request: (f) => vparams(f, { constantRateFactor: 52 }), status: 400, message: 'body/params/constantRateFactor must be <= 51' },
  { name: 'crf -1', request: (f) => vparams(f, { constantRateFactor: -1 }), status: 400, message: 'body/params/constantRateFactor must be >= 0' },
  { name: 'crf as a string (no coercion)', request: (f) => vparams(f, { constantRateFactor: '23' }), status: 400, message: 'body/params/constantRateFactor must be integer' },
  { name: 'odd width', request: (f) => vparams(f, { width: 641 }), status: 400, message: 'body/params/width must be multiple of 2' },
  { name: 'height 0', request: (f) => vparams(f, { height: 0 }), status: 400, message: 'body/params/height must be >= 2' },
  { name: 'frame rate 0', request: (f) => vparams(f, { frameRate: 0 }), status: 400, message: 'body/params/frameRate must be >= 1' },
  { name: 'frame rate 1e-300', request: (f) => vparams(f, { frameRate: 1e-300 }), status: 400, message: 'body/params/frameRate must be >= 1' },
  { name: 'max rate 1e20', request: (f) => vparams(f, { maxRate: 1e20 }), status: 400, message: 'body/params/maxRate must be <= 1000000000' },
  { name: 'buffer size beyond 2e9', request: (f) => vparams(f, { bufSize: 2 ** 53 + 2 }), status: 400, message: 'body/params/bufSize must be <= 2000000000' },
  { name: 'unknown x264 preset', request: (f) => vparams(f, { preset: 'turbo' }), status: 400, message: 'body/params/preset must be one of: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow, placebo' },
  { name: 'unknown H.264 profile', request: (f) => vparams(f, { profile: 'extreme' }), status: 400, message: 'body/params/profile must be one of: baseline, main, high, high10, high422, high444' },
  { name: 'unknown pixel format', request: (f) => vparams(f, { pixFmt: 'rgb24' }), status: 400, message: /^body\/params\/pixFmt must be one of: yuv420p, / },
  { name: 'unknown video codec', request: (f) => vparams(f, { codec: 'libx265' }), status: 400, message: 'body/params/codec must be one of: libx264' },
  { name: 'max rate 0', request: (f) => vparams(f, { maxRate: 0 }), status: 400, message: 'body/params/maxRate must be >= 1' },
  { name: 'fractional buffer size', request: (f) => vparams(f, { bufSize: 1.5 }), status: 400, message: 'body/params/bufSize must be integer' },
  { name: 'GOP 0', request: (f) => vparams(f, { gopSize: 0 }), status: 400, message: 'body/params/gopSize must be >= 1' },
  { name: 'empty force_key_frames', request: (f) => vparams(f, { forceKeyFrames: '' }), status: 400, message: 'body/params/forceKeyFrames must NOT have fewer than 1 characters' },
  { name: 'missing width', request: (f) => track(f, withoutWidth()), status: 400, message: 'body/params/width is required' },
  { name: 'unknown param', request: (f) => vparams(f, { crf: 23 }), status: 400, message: 'body/params/crf is not a known field' },
  { name: 'track without params', request: (f) => ({ method: 'POST', url: '/video-tracks', body: { presetId: f.presetId, name: 'x' } }), status: 400, message: 'body/params is required' },
  { name: 'malformed presetId in a body', request: () => ({ method: 'POST', url: '/video-tracks', body: { presetId: 'abc', name: 'x', params: videoParams() } }), status: 400, message: 'body/presetId must match format "uuid"' },
  { name: 'unknown presetId in a body', request: () => ({ method: 'POST', url: '/video-tracks', body: { presetId: ghost, name: 'x', params: videoParams() } }), status: 404, message: `preset ${ghost} not found (body/presetId)` },
  { name: 'duplicate track name', request: (f) => ({ method: 'POST', url: '/video-tracks', body: { presetId: f.presetId, name: 'taken', params: videoParams() } }), status: 409, message: /^a video track named "taken" already exists in preset / },
  { name: 'patch crf 60', request: (f) => ({ method: 'PATCH', url: `/video-tracks/${f.trackId}`, body: { params: { constantRateFactor: 60 } } }), status: 400, message: 'body/params/constantRateFactor must be <= 51' },
  { name: 'patch unknown param', request: (f) => ({ method: 'PATCH', url: `/video-tracks/${f.trackId}`, body: { params: { bogus: 1 } } }), status: 400, message: 'body/params/bogus is not a known field' },
  { name: 'patch presetId of a track', request: (f) => ({ method: 'PATCH', url: `/video-tracks/${f.trackId}`, body: { presetId: f.presetId } }), status: 400, message: 'body/presetId is not a known field' },
  // audio track params
  { name: 'audio bitrate too low', request: (f) => aparams(f, { bitrate: 0 }), status: 400, message: 'body/params/bitrate must be >= 8000' },
  { name: 'audio 9 channels', request: (f) => aparams(f, { channels: 9 }), status: 400, message: 'body/params/channels must be <= 8' },
  { name: 'audio odd sample rate', request: (f) => aparams(f, { sampleRate: 44_000 }), status: 400, message: /^body\/params\/sampleRate must be one of: 8000, 11025, / },
  { name: 'audio codec mp3', request: (f) => aparams(f, { codec: 'mp3' }), status: 400, message: 'body/params/codec must be one of: aac' },
  { name: 'audio patch channels 0', request: (f) => ({ method: 'PATCH', url: `/audio-tracks/${f.audioTrackId}`, body: { params: { channels: 0 } } }), status: 400, message: 'body/params/channels must be >= 1' },
  // profiles
  { name: 'segment duration 0', request: (f) => profile(f, { segmentDuration: 0 }), status: 400, message: 'body/segmentDuration must be >= 0.5' },
  { name: 'condition min width 1e20', request: (f) => profile(f, { condition: { minWidth: 1e20 } }), status: 400, message: 'body/condition/minWidth must be <= 16384' },
  { name: 'condition minDar above maxDar', request: (f) => profile(f, { condition: { minDar: 2, maxDar: 1.5 } }), status: 400, message: 'body/condition minDar (2) must not be above maxDar (1.5): no source could meet the condition' },
  { name: 'patch making minDar above maxDar', request: (f) => ({ method: 'PATCH', url: `/video-profiles/${f.profileId}`, body: { condition: { minDar: 3, maxDar: 1 } } }), status: 400, message: 'body/condition minDar (3) must not be above maxDar (1): no source could meet the condition' },
  { name: 'negative order number', request: (f) => profile(f, { orderNumber: -1 }), status: 400, message: 'body/orderNumber must be >= 0' },
  { name: 'profile without order number', request: (f) => ({ method: 'POST', url: '/video-profiles', body: { presetId: f.presetId, name: 'x', segmentDuration: 4 } }), status: 400, message: 'body/orderNumber is required' },
  { name: 'foreign track in a profile', request: (f) => profile(f, { tracks: [f.trackId, f.foreignTrackId] }), status: 400, message: /^body\/tracks\/1 video track [0-9a-f-]{36} is not a track of preset / },
  { name: 'unknown track in a profile', request: (f) => profile(f, { tracks: [ghost] }), status: 400, message: new RegExp(`^body/tracks/0 video track ${ghost} is not a track of preset [0-9a-f-]{36}$`) },
  { name: 'malformed track id in a profile', request: (f) => profile(f, { tracks: ['nope'] }), status: 400, message: 'body/tracks/0 must match format "uuid"' },
  { name: 'a track twice in a profile', request: (f) => profile(f, { tracks: [f.trackId, f.trackId] }), status: 400, message: /^body\/tracks must NOT have duplicate items/ },
  { name: 'unknown condition bound', request: (f) => profile(f, { condition: { minFoo: 1 } }), status: 400, message: 'body/condition/minFoo is not a known field' },
  { name: 'negative condition bound', request: (f) => profile(f, { condition: { minWidth: -1 } }), status: 400, message: 'body/condition/minWidth must be >= 0' },
  { name: 'patch presetId of a profile', request: (f) => ({ method: 'PATCH', url: `/video-profiles/${f.profileId}`, body: { presetId: f.presetId } }), status: 400, message: 'body/presetId is not a known field' },
  { name: 'unknown profile id', request: () => ({ method: 'DELETE', url: `/audio-profiles/${ghost}` }), status: 404, message: `audio profile ${ghost} not found` },
  // lists
  { name: 'limit 0', request: () => ({ method: 'GET', url: '/video-tracks?limit=0' }), status: 400, message: 'querystring/limit must be >= 1' },
  { name: 'limit not a number', request: () => ({ method: 'GET', url: '/presets?limit=ten' }), status: 400, message: 'querystring/limit must be integer' },
  { name: 'limit 501', request: () => ({ method: 'GET', url: '/audio-profiles?limit=501' }), status: 400, message: 'querystring/limit must be <= 500' },
  { name: 'cursor not base64url', request: () => ({ method: 'GET', url: '/presets?cursor=%21%21' }), status: 400, message: /^querystring\/cursor is not a cursor this API issued/ },
  { name: 'cursor of junk', request: () => ({ method: 'GET', url: `/video-profiles?cursor=${Buffer.from('{"x":1}').toString('base64url')}` }), status: 400, message: /^querystring\/cursor is not a cursor this API issued/ },
  { name: 'unknown query parameter', request: () => ({ method: 'GET', url: '/presets?sort=name' }), status: 400, message: 'querystring/sort is not a known field' },
  { name: 'malformed presetId filter', request: () => ({ method: 'GET', url: '/audio-tracks?presetId=123' }), status: 400, message: 'querystring/presetId must match format "uuid"' },
  // import
  { name: 'import without tracks', request: () => ({ method: 'POST', url: '/presets/import', body: { name: 'x', audioTracks: [], videoProfiles: [], audioProfiles: [] } }), status: 400, message: 'body/videoTracks is required' },
  { name: 'import replace=maybe', request: () => ({ method: 'POST', url: '/presets/import?replace=maybe', body: { name: 'x', videoTracks: [], audioTracks: [], videoProfiles: [], audioProfiles: [] } }), status: 400, message: 'querystring/replace must be boolean' },
  // text no database can store, and numbers written loosely
  { name: 'NUL in a search', request: () => ({ method: 'GET', url: '/presets?search=a%00b' }), status: 400, message: 'querystring/search must not contain NUL characters' },
  { name: 'NUL in a param', request: (f) => vparams(f, { forceKeyFrames: 'expr:gte(t,n_forced*4)\u0000' }), status: 400, message: 'body/params/forceKeyFrames must not contain NUL characters' },
  { name: 'unpaired surrogate in a param', request: (f) => vparams(f, { forceKeyFrames: 'a\ud800b' }), status: 400, message: 'body/params/forceKeyFrames must not contain unpaired UTF-16 surrogates (invalid Unicode)' },
  { name: 'NUL in an import', request: () => ({ method: 'POST', url: '/presets/import', body: { name: 'x', videoTracks: [{ name: 'v\u0000' }], audioTracks: [], videoProfiles: [], audioProfiles: [] } }), status: 400, message: 'body/videoTracks/0/name must not contain NUL characters' },
  { name: 'limit in exponent notation', request: () => ({ method: 'GET', url: '/presets?limit=1e3' }), status: 400, message: 'querystring/limit must be integer' },
  { name: 'limit in hex', request: () => ({ method: 'GET', url: '/video-tracks?limit=0x10' }), status: 400, message: 'querystring/limit must be integer' },
  { name: 'limit Infinity', request: () => ({ method: 'GET', url: '/video-profiles?limit=Infinity' }), status: 400, message: 'querystring/limit must be integer' },
  { name: 'fractional limit', request: () => ({ method: 'GET', url: '/audio-profiles?limit=1.5' }), status: 400, message: 'querystring/limit must be integer' },
  { name: 'a 10,000-deep body', request: () => ({ method: 'POST', url: '/presets', body: `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}` }), status: 400, message: /^body\/name(\/0)+ is nested deeper than 32 levels$/ },
  // transport
  { name: 'invalid JSON', request: () => ({ method: 'POST', url: '/presets', body: '{"name":' }), status: 400, message: /JSON/ },
  { name: 'body over 1 MiB', request: () => ({ method: 'POST', url: '/presets', body: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }) }), status: 413, message: 'request body is larger than the limit of 1048576 bytes' },
  { name: 'not JSON at all', request: () => ({ method: 'POST', url: '/presets', body: 'name=x', headers: { 'content-type': 'text/plain' } }), status: 415, message: 'content-type text/plain is not supported: send application/json' },
  // auth
  { name: 'no API key', request: () => ({ method: 'GET', url: '/presets', headers: { authorization: '' } }), status: 401, message: 'missing API key: send "Authorization: Bearer <key>"' },
  { name: 'unknown API key', request: () => ({ method: 'GET', url: '/presets', headers: { authorization: 'Bearer nope' } }), status: 401, message: 'unknown API key' },
  { name: 'Basic instead of Bearer', request: () => ({ method: 'GET', url: '/presets', headers: { authorization: `Basic ${KEY}` } }), status: 401, message: 'missing API key: send "Authorization: Bearer <key>"' },
];

let c: Catalog;
let f: Fixture;
beforeAll(async () => {
  c = await setupCatalog({ apiKeys: [KEY, 'other-key'] });
  const post = async (url: string, body: unknown) => (await call(c, 'POST', url, body, auth)).body.id as string;
  const presetId = await post('/presets', { name: 'table' });
  const other = await post('/presets', { name: 'table-other' });
  f = {
    presetId,
    trackId: await post('/video-tracks', { presetId, name: 'taken', params: videoParams() }),
    audioTrackId: await post('/audio-tracks', { presetId, name: 'a', params: audioParams() }),
    profileId: await post('/video-profiles', { presetId, name: 'p', orderNumber: 0, segmentDuration: 4 }),
    foreignTrackId: await post('/video-tracks', { presetId: other, name: 'foreign', params: videoParams() }),
  };
});
afterAll(async () => {
  await c.close();
});

describe('bad requests', () => {
  it('has at least 30 cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  it.each(rows)('$name -> $status', async (row) => {
    const { method, url, body, headers } = row.request(f);
    const res = await call(c, method, url, body, { ...auth, ...headers });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: row.status, message: typeof row.message === 'string' ? row.message : expect.stringMatching(row.message) });
    expect(res.body).toMatchObject({ statusCode: row.status, error: expect.any(String) });
  });
});
