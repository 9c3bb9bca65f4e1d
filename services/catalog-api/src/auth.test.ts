import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { keyMatches } from './auth.js';

describe('keyMatches', () => {
  const keys = ['one', 'two'].map((k) => createHash('sha256').update(k).digest());
  it('accepts any configured key and nothing else', () => {
    expect(keyMatches('one', keys)).toBe(true);
    expect(keyMatches('two', keys)).toBe(true);
    expect(keyMatches('three', keys)).toBe(false);
    expect(keyMatches('', keys)).toBe(false);
  });
});
