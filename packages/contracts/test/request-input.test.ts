import { describe, expect, it } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import { checkRequestInput, convertQuery, findIllegalText } from '../src/request-input.js';

describe('findIllegalText', () => {
  it.each([
    ['a NUL in a nested value', { params: { forceKeyFrames: 'a\u0000b' } }, 'body/params/forceKeyFrames must not contain NUL characters'],
    ['a NUL in an array item', { tracks: ['ok', '\u0000'] }, 'body/tracks/1 must not contain NUL characters'],
    ['an unpaired high surrogate', { name: 'a\ud800' }, 'body/name must not contain unpaired UTF-16 surrogates (invalid Unicode)'],
    ['an unpaired low surrogate', { name: '\udc00a' }, 'body/name must not contain unpaired UTF-16 surrogates (invalid Unicode)'],
    ['a NUL in a field name', { 'x\u0000': 1 }, 'body has a field name that must not contain NUL characters'],
  ])('names %s', (_what, value, message) => {
    expect(findIllegalText(value, 'body')).toBe(message);
  });

  it.each([
    ['text with emoji (paired surrogates)', { name: 'clip 🎬 été' }],
    ['numbers, booleans and null', { a: 1, b: true, c: null, d: [1.5, false] }],
    ['nothing', undefined],
  ])('accepts %s', (_what, value) => {
    expect(findIllegalText(value, 'body')).toBeNull();
  });

  it('refuses hostile nesting with a message instead of overflowing the stack', () => {
    const deep = JSON.parse(`{"preset":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) as unknown;
    expect(findIllegalText(deep, 'body')).toBe('body/preset/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0 is nested deeper than 32 levels');
  });

  it('does not walk a stream or other non-plain object', () => {
    class Stream {
      readonly label = 'x\u0000';
    }
    expect(findIllegalText(new Stream(), 'body')).toBeNull();
  });
});

describe('convertQuery', () => {
  const schema = Type.Object({
    limit: Type.Integer({ default: 50 }),
    ratio: Type.Optional(Type.Number()),
    replace: Type.Boolean({ default: false }),
    search: Type.Optional(Type.String()),
  });

  it('converts plain integers, numbers and booleans and applies defaults', () => {
    expect(convertQuery(schema, { limit: '25', ratio: '1.5', replace: 'true', search: '42' })).toEqual({ limit: 25, ratio: 1.5, replace: true, search: '42' });
    expect(convertQuery(schema, {})).toEqual({ limit: 50, replace: false });
  });

  it.each(['1e3', '0x10', 'Infinity', '1.5', ' 7', '', 'abc'])('leaves the integer %j a string for validation to refuse', (raw) => {
    expect(convertQuery(schema, { limit: raw }).limit).toBe(raw);
  });

  it.each(['yes', '1', 'TRUE'])('leaves the boolean %j a string', (raw) => {
    expect(convertQuery(schema, { replace: raw }).replace).toBe(raw);
  });
});

describe('checkRequestInput', () => {
  const schema = Type.Object({ limit: Type.Integer({ default: 50 }), search: Type.Optional(Type.String()) });

  it('converts the query by its schema and finds no problem in clean input', () => {
    expect(checkRequestInput({ query: { limit: '5' }, params: { id: 'x' }, body: { a: ['b'] } }, schema)).toEqual({ query: { limit: 5 }, problem: null });
  });

  it('names the first problem: query, then params, then body', () => {
    expect(checkRequestInput({ query: { search: 'a\u0000' }, params: {}, body: { b: '\u0000' } }, schema).problem).toBe('querystring/search must not contain NUL characters');
    expect(checkRequestInput({ query: {}, params: { id: '\ud800' }, body: { b: '\u0000' } }, schema).problem).toMatch(/^params\/id /);
    expect(checkRequestInput({ query: undefined, params: undefined, body: { b: '\u0000' } }).problem).toBe('body/b must not contain NUL characters');
  });
});
