import { IdParams, Page, Preset, PresetCreate, PresetListQuery, PresetPatch } from '@dvt/contracts';
import { deletePreset, findPreset, insertPreset, listPresets, renamePreset } from '../db/preset.repository.js';
import { toPage } from '../domain/cursor.js';
import { toPreset } from '../domain/catalog.mappers.js';
import { notFound } from '../errors.js';
import { afterSeq, errors, NoContent, uniquely, type CatalogPlugin } from './common.js';

const tags = ['presets'];
const clash = (name: string) => `a preset named "${name}" already exists`;

export const presetRoutes: CatalogPlugin = async (app, { db }) => {
  app.post('/presets', {
    schema: { tags, summary: 'Create a preset', body: PresetCreate, response: { 201: Preset, ...errors(409, 413) } },
  }, async (request, reply) => {
    const row = await uniquely(() => insertPreset(db, request.body.name, new Date()), clash(request.body.name));
    return reply.code(201).send(toPreset(row));
  });

  app.get('/presets', {
    schema: {
      tags,
      summary: 'List presets',
      description: 'In creation order; `search` matches a case-insensitive substring of the name. Pass `nextCursor` as `cursor` for the next page.',
      querystring: PresetListQuery,
      response: { 200: Page(Preset), ...errors() },
    },
  }, async (request) => {
    const { limit, cursor, search } = request.query;
    return toPage(await listPresets(db, { limit, afterSeq: afterSeq(cursor), search }), limit, toPreset);
  });

  app.get('/presets/:id', {
    schema: { tags, summary: 'Read a preset', params: IdParams, response: { 200: Preset, ...errors(404) } },
  }, async (request) => {
    const row = await findPreset(db, request.params.id);
    if (!row) throw notFound(`preset ${request.params.id} not found`);
    return toPreset(row);
  });

  app.patch('/presets/:id', {
    schema: { tags, summary: 'Rename a preset', params: IdParams, body: PresetPatch, response: { 200: Preset, ...errors(404, 409, 413) } },
  }, async (request) => {
    const { id } = request.params;
    const name = request.body.name;
    const row = name === undefined ? await findPreset(db, id) : await uniquely(() => renamePreset(db, id, name, new Date()), clash(name));
    if (!row) throw notFound(`preset ${id} not found`);
    return toPreset(row);
  });

  app.delete('/presets/:id', {
    schema: { tags, summary: 'Delete a preset', description: 'Deletes its tracks and profiles too.', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (request, reply) => {
    if (!(await deletePreset(db, request.params.id))) throw notFound(`preset ${request.params.id} not found`);
    return reply.code(204).send(null);
  });
};
