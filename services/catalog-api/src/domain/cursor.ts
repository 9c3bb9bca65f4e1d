// Lists are ordered by each table's insertion sequence; the cursor is that
// sequence, base64url-encoded so clients treat it as opaque.
const PREFIX = 'seq:';

export const encodeCursor = (seq: string): string => Buffer.from(`${PREFIX}${seq}`, 'utf8').toString('base64url');

/** The sequence after which the next page starts, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return null;
  const seq = text.slice(PREFIX.length);
  return /^[0-9]{1,18}$/.test(seq) ? seq : null;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Splits one extra row fetched beyond `limit` into a page and its next cursor. */
export function toPage<Row extends { seq: string }, Item>(rows: Row[], limit: number, map: (row: Row) => Item): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}
