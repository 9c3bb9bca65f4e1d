import { describe, expect, it } from '@jest/globals';
import { containsPattern, decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('cursor', () => {
  it('round-trips a sequence through an opaque base64url string', () => {
    const cursor = encodeCursor('12345');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('12345');
    expect(decodeCursor(cursor)).toBe('12345');
  });

  it.each([
    ['not base64url', '!!'],
    ['padding', `${encodeCursor('1')}=`],
    ['another prefix', Buffer.from('id:1').toString('base64url')],
    ['not a number', Buffer.from('seq:1; drop table').toString('base64url')],
    ['too long a number', Buffer.from(`seq:${'9'.repeat(19)}`).toString('base64url')],
    ['empty sequence', Buffer.from('seq:').toString('base64url')],
  ])('refuses %s', (_what, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });

  it('pages: one extra row means a next cursor after the last item kept', () => {
    const rows = [{ seq: '1' }, { seq: '2' }, { seq: '3' }];
    expect(toPage(rows, 2, (r) => r.seq)).toEqual({ items: ['1', '2'], nextCursor: encodeCursor('2') });
    expect(toPage(rows, 3, (r) => r.seq)).toEqual({ items: ['1', '2', '3'], nextCursor: null });
    expect(toPage([], 3, (r: { seq: string }) => r.seq)).toEqual({ items: [], nextCursor: null });
  });

  it('escapes LIKE wildcards in a search', () => {
    expect(containsPattern('a%b_c\\d')).toBe('%a\\%b\\_c\\\\d%');
  });
});
