import {
  AudioCondition,
  AudioProfile,
  AudioProfileCreate,
  AudioProfilePatch,
  conditionProblem,
  IdParams,
  VideoCondition,
  VideoProfile,
  VideoProfileCreate,
  VideoProfilePatch,
  withDefaults,
} from '@dvt/contracts';
import type { MediaKind, ProfileRow } from '../db/catalog.table.js';
import type { Db } from '../db/database.js';
import { findPreset } from '../db/preset.repository.js';
import { deleteProfile, findProfile, insertProfile, listProfiles, setProfileTracks, updateProfile } from '../db/profile.repository.js';
import { trackIdsInPreset } from '../db/track.repository.js';
import { toAudioProfile, toVideoProfile } from '../domain/catalog.mappers.js';
import { badRequest, notFound, pgCode } from '../errors.js';
import { errors, listRoute, NoContent, presetNotFound, presetWentAway, uniquely, type CatalogPlugin, type RouteDeps } from './common.js';

type Dto = (row: ProfileRow & { tracks: string[] }) => VideoProfile | AudioProfile;

const KINDS = {
  video: { path: '/video-profiles', tag: 'video-profiles', Profile: VideoProfile, Create: VideoProfileCreate, Patch: VideoProfilePatch, Condition: VideoCondition, toDto: toVideoProfile as Dto },
  audio: { path: '/audio-profiles', tag: 'audio-profiles', Profile: AudioProfile, Create: AudioProfileCreate, Patch: AudioProfilePatch, Condition: AudioCondition, toDto: toAudioProfile as Dto },
} as const;

/** A 400 naming the first listed track that is not a track of the preset. */
async function checkTracks(db: Db, kind: MediaKind, presetId: string, tracks: readonly string[] | undefined): Promise<void> {
  if (!tracks?.length) return;
  const found = await trackIdsInPreset(db, kind, presetId, tracks);
  const index = tracks.findIndex((id) => !found.has(id));
  if (index >= 0) throw badRequest(`body/tracks/${index} ${kind} track ${tracks[index]} is not a track of preset ${presetId}`);
}

/**
 * Runs `work`; a preset deleted meanwhile is a 404, and a link whose track left the
 * preset meanwhile (the other foreign key) is the same 400 as checkTracks gives.
 */
async function linking<T>(presetId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (presetWentAway(err)) throw presetNotFound(presetId);
    if (pgCode(err) === '23503') throw badRequest('body/tracks names a track that is not a track of the profile preset');
    throw err;
  }
}

/** CRUD for one kind of profile; `tracks` are ordered ids of tracks of the same preset. */
export const profileRoutes: CatalogPlugin<RouteDeps & { kind: MediaKind }> = async (app, { db, kind }) => {
  const k = KINDS[kind];
  const tags = [k.tag];
  const what = `${kind} profile`;
  const clash = (name: string, presetId: string) => `a ${what} named "${name}" already exists in preset ${presetId}`;
  const read = async (id: string) => {
    const row = await findProfile(db, kind, id);
    if (!row) throw notFound(`${what} ${id} not found`);
    return row;
  };

  app.post(k.path, {
    schema: {
      tags,
      summary: `Create a ${what}`,
      description: 'Condition bounds left out are 0 (no bound); every track must belong to the same preset.',
      body: k.Create,
      response: { 201: k.Profile, ...errors(404, 409, 413) },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (!(await findPreset(db, body.presetId))) throw presetNotFound(body.presetId);
    await checkTracks(db, kind, body.presetId, body.tracks);
    const condition = withDefaults(k.Condition, body.condition ?? {});
    const problem = conditionProblem(condition);
    if (problem) throw badRequest(`body/condition ${problem}`);
    const segmentDuration = 'segmentDuration' in body ? body.segmentDuration : undefined;
    const id = await linking(body.presetId, () =>
      uniquely(
        () =>
          db.transaction().execute(async (trx) => {
            const id = await insertProfile(trx, kind, { presetId: body.presetId, name: body.name, orderNumber: body.orderNumber, condition, segmentDuration }, new Date());
            await setProfileTracks(trx, kind, id, body.presetId, body.tracks ?? []);
            return id;
          }),
        clash(body.name, body.presetId),
      ),
    );
    const created = await findProfile(db, kind, id);
    if (!created) throw presetNotFound(body.presetId); // the preset's deletion took it along
    return reply.code(201).send(k.toDto(created));
  });

  listRoute(app, { path: k.path, tags, what, item: k.Profile, list: (q) => listProfiles(db, kind, q), toDto: k.toDto });

  app.get(`${k.path}/:id`, {
    schema: { tags, summary: `Read a ${what}`, params: IdParams, response: { 200: k.Profile, ...errors(404) } },
  }, async (request) => k.toDto(await read(request.params.id)));

  app.patch(`${k.path}/:id`, {
    schema: {
      tags,
      summary: `Change a ${what}`,
      description: '`condition` bounds are merged into the stored ones; `tracks` replaces the whole ordered list.',
      params: IdParams,
      body: k.Patch,
      response: { 200: k.Profile, ...errors(404, 409, 413) },
    },
  }, async (request) => {
    const stored = await read(request.params.id);
    const body = request.body;
    await checkTracks(db, kind, stored.preset_id, body.tracks);
    const condition = body.condition ? { ...stored.condition, ...body.condition } : undefined;
    const problem = condition && conditionProblem(condition);
    if (problem) throw badRequest(`body/condition ${problem}`);
    const segmentDuration = 'segmentDuration' in body ? body.segmentDuration : undefined;
    await linking(stored.preset_id, () =>
      uniquely(
        () =>
          db.transaction().execute(async (trx) => {
            await updateProfile(trx, kind, stored.id, { name: body.name, orderNumber: body.orderNumber, condition, segmentDuration }, new Date());
            if (body.tracks) await setProfileTracks(trx, kind, stored.id, stored.preset_id, body.tracks);
          }),
        clash(body.name ?? stored.name, stored.preset_id),
      ),
    );
    return k.toDto(await read(stored.id));
  });

  app.delete(`${k.path}/:id`, {
    schema: { tags, summary: `Delete a ${what}`, params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (request, reply) => {
    if (!(await deleteProfile(db, kind, request.params.id))) throw notFound(`${what} ${request.params.id} not found`);
    return reply.code(204).send(null);
  });
};
