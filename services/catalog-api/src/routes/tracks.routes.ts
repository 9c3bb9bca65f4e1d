import {
  AudioTrack,
  AudioTrackCreate,
  AudioTrackParams,
  AudioTrackPatch,
  IdParams,
  VideoTrack,
  VideoTrackCreate,
  VideoTrackParams,
  VideoTrackPatch,
} from '@dvt/contracts';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { MediaKind, TrackRow } from '../db/catalog.table.js';
import { findPreset } from '../db/preset.repository.js';
import { deleteTrack, findTrack, insertTrack, listTracks, updateTrack } from '../db/track.repository.js';
import { toAudioTrack, toVideoTrack } from '../domain/catalog.mappers.js';
import { badRequest, notFound } from '../errors.js';
import { errors, listRoute, inPreset, NoContent, presetNotFound, uniquely, type CatalogPlugin, type RouteDeps } from './common.js';

const KINDS = {
  video: { path: '/video-tracks', tag: 'video-tracks', Track: VideoTrack, Create: VideoTrackCreate, Patch: VideoTrackPatch, params: TypeCompiler.Compile(VideoTrackParams), toDto: toVideoTrack as (row: TrackRow) => VideoTrack | AudioTrack },
  audio: { path: '/audio-tracks', tag: 'audio-tracks', Track: AudioTrack, Create: AudioTrackCreate, Patch: AudioTrackPatch, params: TypeCompiler.Compile(AudioTrackParams), toDto: toAudioTrack as (row: TrackRow) => VideoTrack | AudioTrack },
} as const;

/** CRUD for one kind of track (video or audio): the same rules, their own params. */
export const trackRoutes: CatalogPlugin<RouteDeps & { kind: MediaKind }> = async (app, { db, kind }) => {
  const k = KINDS[kind];
  const tags = [k.tag];
  const what = `${kind} track`;
  const clash = (name: string, presetId: string) => `a ${what} named "${name}" already exists in preset ${presetId}`;

  app.post(k.path, {
    schema: { tags, summary: `Create a ${what}`, body: k.Create, response: { 201: k.Track, ...errors(404, 409, 413) } },
  }, async (request, reply) => {
    const { presetId, name, params } = request.body;
    if (!(await findPreset(db, presetId))) throw presetNotFound(presetId);
    const row = await inPreset(presetId, () => uniquely(() => insertTrack(db, kind, { presetId, name, params }, new Date()), clash(name, presetId)));
    return reply.code(201).send(k.toDto(row));
  });

  listRoute(app, { path: k.path, tags, what, item: k.Track, list: (q) => listTracks(db, kind, q), toDto: k.toDto });

  app.get(`${k.path}/:id`, {
    schema: { tags, summary: `Read a ${what}`, params: IdParams, response: { 200: k.Track, ...errors(404) } },
  }, async (request) => {
    const row = await findTrack(db, kind, request.params.id);
    if (!row) throw notFound(`${what} ${request.params.id} not found`);
    return k.toDto(row);
  });

  app.patch(`${k.path}/:id`, {
    schema: {
      tags,
      summary: `Change a ${what}`,
      description: '`params` are merged into the stored params and the result is validated as a whole.',
      params: IdParams,
      body: k.Patch,
      response: { 200: k.Track, ...errors(404, 409, 413) },
    },
  }, async (request) => {
    const { id } = request.params;
    const stored = await findTrack(db, kind, id);
    if (!stored) throw notFound(`${what} ${id} not found`);
    const params = { ...stored.params, ...request.body.params };
    const problem = k.params.Errors(params).First();
    if (problem) throw badRequest(`body/params${problem.path} ${problem.message}`);
    const name = request.body.name;
    const row = await uniquely(() => updateTrack(db, kind, id, { name, params }, new Date()), clash(name ?? stored.name, stored.preset_id));
    if (!row) throw notFound(`${what} ${id} not found`);
    return k.toDto(row);
  });

  app.delete(`${k.path}/:id`, {
    schema: { tags, summary: `Delete a ${what}`, description: 'The profiles that listed it no longer do.', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (request, reply) => {
    if (!(await deleteTrack(db, kind, request.params.id, new Date()))) throw notFound(`${what} ${request.params.id} not found`);
    return reply.code(204).send(null);
  });
};
