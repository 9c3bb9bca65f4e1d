import { CatalogListQuery, ErrorBody, Page, Slug } from '@dvt/contracts';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, RawServerDefault } from 'fastify';
import type { Db } from '../db/database.js';
import { conflict, notFound, pgCode, pgConstraint } from '../errors.js';
import type { TypeBoxTypeProvider } from '../type-provider.js';
import { decodeCursor, toPage } from '../domain/cursor.js';
import { badRequest } from '../errors.js';

export interface RouteDeps {
  db: Db;
}

export type CatalogPlugin<Options extends RouteDeps = RouteDeps> = FastifyPluginAsync<Options, RawServerDefault, TypeBoxTypeProvider>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; the message names the field',
  401: 'Missing or unknown API key',
  404: 'Unknown id or name',
  409: 'Name already used',
  413: 'Request body too large',
  503: 'Database unavailable',
};

/** Error responses of a route, each with fastify's error shape. */
export const errors = (...codes: number[]): Record<number, typeof ErrorBody> =>
  Object.fromEntries([400, 401, 503, ...codes].map((code) => [code, { ...ErrorBody, description: ERROR_DESCRIPTIONS[code] }]));

export const NoContent = Type.Null({ description: 'Deleted' });

export const IdOrNameParams = Type.Object({ idOrName: Type.String({ ...Slug, description: 'Preset id (UUID) or name' }) }, { additionalProperties: false });

/** Runs `work`, turning a unique-constraint clash into a 409 with `message`. */
export async function uniquely<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgCode(err) === '23505') throw conflict(message);
    throw err;
  }
}

export const presetNotFound = (presetId: string) => notFound(`preset ${presetId} not found (body/presetId)`);

/** True when a foreign key to the preset (or to a profile the preset's deletion took along) failed. */
export const presetWentAway = (err: unknown): boolean => pgCode(err) === '23503' && /_(preset_id|profile)_fkey$/.test(pgConstraint(err) ?? '');

/** Runs `work`; a preset deleted between our check and the insert is the 404 a missing preset gets. */
export async function inPreset<T>(presetId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (presetWentAway(err)) throw presetNotFound(presetId);
    throw err;
  }
}

/** The sequence a page starts after; a cursor we did not issue is a 400 naming `cursor`. */
export function afterSeq(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const seq = decodeCursor(cursor);
  if (seq === null) throw badRequest('querystring/cursor is not a cursor this API issued (pass nextCursor from a previous page)');
  return seq;
}

/**
 * `GET {path}`: one kind of preset child (video/audio tracks or profiles) in creation order,
 * optionally of one preset, searched by name, paged by cursor.
 */
export function listRoute<Row extends { seq: string }>(
  app: Parameters<CatalogPlugin>[0],
  o: { path: string; tags: string[]; what: string; item: TSchema; list(query: { limit: number; afterSeq: string | undefined; search: string | undefined; presetId: string | undefined }): Promise<Row[]>; toDto(row: Row): unknown },
): void {
  app.get(o.path, {
    schema: {
      tags: o.tags,
      summary: `List ${o.what}s`,
      description: 'In creation order, optionally of one preset; `search` matches a case-insensitive substring of the name.',
      querystring: CatalogListQuery,
      response: { 200: Page(o.item), ...errors() },
    },
  }, async (request) => {
    const { limit, cursor, search, presetId } = request.query;
    return toPage(await o.list({ limit, afterSeq: afterSeq(cursor), search, presetId }), limit, o.toDto);
  });
}
