import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from './errors.js';

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '08006' }, true],
    [{ code: '57P01' }, true],
    [{ code: '3D000' }, true],
    [new Error('timeout exceeded when trying to connect'), true],
    [new Error('Connection terminated unexpectedly'), true],
    [Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }]), {}), true],
    [{ code: '23505' }, false],
    [new Error('boom'), false],
    [null, false],
  ])('%o -> %s', (err, expected) => {
    expect(isDatabaseUnavailable(err)).toBe(expected);
  });
});
