import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const Id = Type.String({ format: 'uuid', description: 'Identifier (UUID)' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 timestamp' });
export const Slug = Type.String({
  pattern: '^[-a-zA-Z0-9_]+$',
  minLength: 1,
  maxLength: 50,
  description: 'Letters, digits, hyphens and underscores (a slug)',
});

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/** fastify's error shape, used by every service for every 4xx/5xx. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'What was wrong, naming the offending field' }),
    code: Type.Optional(Type.String()),
  },
  { description: 'Error response' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const PageQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size' }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'Opaque cursor from a previous page' })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/** A list response: `items` and an opaque `nextCursor` (null on the last page). */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as ?cursor= for the next page; null on the last page' }),
  });
export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export const HealthBody = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });
export type HealthBody = Static<typeof HealthBody>;
