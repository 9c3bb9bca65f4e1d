import { describe, expect, it } from '@jest/globals';
import { fieldOfMessage, formErrors } from '../src/web/api/field-errors.js';
import { playableUrl, sourceName } from '../src/web/format.js';
import { AUDIO_TRACK_FIELDS, toBody, toValues, VIDEO_PROFILE_FIELDS, VIDEO_TRACK_FIELDS } from '../src/web/pages/catalog-fields.js';

const videoKeys = VIDEO_TRACK_FIELDS.map((f) => f.key);

describe('fieldOfMessage', () => {
  it.each([
    ['body/params/constantRateFactor must be <= 51', 'params.constantRateFactor'],
    ['body/params/width must be multiple of 2', 'params.width'],
    ["body/params must have required property 'height'", 'params.height'],
    ["body must have required property 'name'", 'name'],
    ['body/name must match pattern "^[-a-zA-Z0-9_]+$"', 'name'],
    ['body/params/preset must be equal to one of the allowed values', 'params.preset'],
  ])('%s -> %s', (message, field) => {
    expect(fieldOfMessage(message, videoKeys)).toBe(field);
  });

  it('maps an array item to its list field', () => {
    expect(fieldOfMessage('body/tracks/1 must match format "uuid"', ['name', 'tracks'])).toBe('tracks');
  });

  it('leaves messages that name no known field to the form', () => {
    expect(fieldOfMessage('a video track named "hd" already exists in this preset', videoKeys)).toBeNull();
    expect(fieldOfMessage('body/params must NOT have additional properties', videoKeys)).toBeNull();
    expect(formErrors('Preset not found', videoKeys)).toEqual({ fields: {}, form: 'Preset not found' });
  });

  it('puts a field message beside that field only', () => {
    expect(formErrors('body/params/channels must be <= 8', AUDIO_TRACK_FIELDS.map((f) => f.key))).toEqual({
      fields: { 'params.channels': 'body/params/channels must be <= 8' },
      form: null,
    });
  });
});

describe('form values <-> request body', () => {
  it('nests params, converts numbers and numeric selects, and leaves out empty fields', () => {
    const values = toValues({ name: 'a', params: { codec: 'aac', bitrate: 128000, channels: 2, sampleRate: 48000 } }, AUDIO_TRACK_FIELDS);
    expect(values).toEqual({ name: 'a', 'params.codec': 'aac', 'params.bitrate': '128000', 'params.channels': '2', 'params.sampleRate': '48000' });
    expect(toBody({ ...values, 'params.channels': ' ' }, AUDIO_TRACK_FIELDS)).toEqual({ name: 'a', params: { codec: 'aac', bitrate: 128000, sampleRate: 48000 } });
  });

  it('keeps what is not a number as text so the API can name it', () => {
    expect(toBody({ name: 'p', orderNumber: '1', segmentDuration: 'abc', 'condition.minDar': '1.5' }, VIDEO_PROFILE_FIELDS)).toEqual({
      name: 'p',
      orderNumber: 1,
      segmentDuration: 'abc',
      condition: { minDar: 1.5 },
    });
  });
});

describe('playableUrl', () => {
  const bases = ['http://127.0.0.1:3002/media'];
  it('plays a playlist on the proxied video-api through this origin', () => {
    expect(playableUrl('http://127.0.0.1:3002/media/results/abc/index.m3u8', bases, 'http://ui:3000')).toBe('http://ui:3000/media/results/abc/index.m3u8');
  });
  it('plays any other edge directly', () => {
    expect(playableUrl('https://cdn.example.com/media/results/abc/index.m3u8', bases, 'http://ui:3000')).toBe('https://cdn.example.com/media/results/abc/index.m3u8');
    expect(playableUrl('http://127.0.0.1:3002/mediaX/a.m3u8', bases, 'http://ui:3000')).toBe('http://127.0.0.1:3002/mediaX/a.m3u8');
  });
});

describe('sourceName', () => {
  it('shows the decoded last path segment, or the host, or the raw text', () => {
    expect(sourceName('http://h/sources/My%20Movie.mp4')).toBe('My Movie.mp4');
    expect(sourceName('https://example.com/')).toBe('example.com');
    expect(sourceName('http://h/media/sources/6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11-my-clip.mp4')).toBe('my-clip.mp4');
    expect(sourceName('http://h/media/sources/6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11.mp4')).toBe('6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11.mp4');
    expect(sourceName('not a url')).toBe('not a url');
  });
});
