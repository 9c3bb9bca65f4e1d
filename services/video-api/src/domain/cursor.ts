/** Opaque list cursors: the insertion sequence of the last item, base64url-encoded. */
export const encodeCursor = (seq: string): string => Buffer.from(`v1:${seq}`).toString('base64url');

export function decodeCursor(cursor: string): string | null {
  const match = /^v1:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] ?? null;
}

/** SQL LIKE pattern matching `text` anywhere, with LIKE's own metacharacters escaped. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
