import { Preset, PresetSnapshot } from '@dvt/contracts';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { findPreset, insertPreset, touchPreset } from '../db/preset.repository.js';
import { clearPreset, loadSnapshot, writeSnapshot } from '../db/snapshot.repository.js';
import { toPreset } from '../domain/catalog.mappers.js';
import { importProblem } from '../domain/snapshot.js';
import { badRequest, conflict, notFound, pgCode } from '../errors.js';
import { errors, IdOrNameParams, uniquely, type CatalogPlugin } from './common.js';

const tags = ['presets'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id when the value looks like one (else, or when no id matches, by name). */
async function snapshotOf(db: Db, idOrName: string): Promise<PresetSnapshot> {
  const snapshot = await loadSnapshot(db, { id: UUID.test(idOrName) ? idOrName : undefined, name: idOrName });
  if (!snapshot) throw notFound(`preset ${idOrName} not found`);
  return snapshot;
}

const ImportQuery = Type.Object(
  { replace: Type.Boolean({ default: false, description: 'Replace the tracks and profiles of an existing preset of the same name (keeping its id)' }) },
  { additionalProperties: false },
);

export const snapshotRoutes: CatalogPlugin = async (app, { db }) => {
  app.get('/presets/:idOrName/snapshot', {
    schema: {
      tags,
      summary: 'Resolve a preset into a snapshot',
      description: 'The whole preset as one document: profiles in orderNumber order, each with its tracks\' full params in ladder order. This is what a job carries.',
      params: IdOrNameParams,
      response: { 200: PresetSnapshot, ...errors(404) },
    },
  }, async (request) => snapshotOf(db, request.params.idOrName));

  app.get('/presets/:idOrName/export', {
    schema: {
      tags,
      summary: 'Export a preset',
      description: 'The snapshot document as a JSON attachment, for `POST /presets/import` elsewhere.',
      params: IdOrNameParams,
      response: { 200: PresetSnapshot, ...errors(404) },
    },
  }, async (request, reply) => {
    const snapshot = await snapshotOf(db, request.params.idOrName);
    return reply.header('content-disposition', `attachment; filename="preset-${snapshot.name}.json"`).send(snapshot);
  });

  app.post('/presets/import', {
    schema: {
      tags,
      summary: 'Import a preset',
      description:
        'Creates a preset from a snapshot document. Profiles name their tracks; each spec must equal the top-level track of that name. ' +
        'An existing name is a 409 unless `replace=true`, which swaps its tracks and profiles in one transaction.',
      querystring: ImportQuery,
      body: PresetSnapshot,
      response: { 201: Preset, ...errors(409, 413) },
    },
  }, async (request, reply) => {
    const doc = request.body;
    const problem = importProblem(doc);
    if (problem) throw badRequest(problem);
    const clash = `a preset named "${doc.name}" already exists (pass replace=true to replace it)`;
    const importOnce = () =>
      db.transaction().execute(async (trx) => {
        const now = new Date();
        const existing = await trx.selectFrom('preset').select('id').where('name', '=', doc.name).forUpdate().executeTakeFirst();
        if (existing && !request.query.replace) throw conflict(clash);
        const id = existing ? existing.id : (await insertPreset(trx, doc.name, now)).id;
        if (existing) {
          await clearPreset(trx, id);
          await touchPreset(trx, id, now);
        }
        await writeSnapshot(trx, id, doc, now);
        return (await findPreset(trx, id))!;
      });
    // Two imports of a new name race to insert it; with replace=true the loser replaces the winner's.
    const preset = await uniquely(
      () => importOnce().catch((err: unknown) => (request.query.replace && pgCode(err) === '23505' ? importOnce() : Promise.reject(err))),
      clash,
    );
    return reply.code(201).send(toPreset(preset));
  });
};
