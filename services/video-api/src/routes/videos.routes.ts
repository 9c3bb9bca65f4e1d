import { ErrorBody, IdParams, Page, Video, VideoCreate, VideoListQuery, VideoTranscode } from '@dvt/contracts';
import type { TypedPlugin } from './type-provider.js';
import { Type } from '@sinclair/typebox';
import { toVideoDto, type EdgePicker, type PlaybackConfig } from '../domain/video.dto.js';
import type { VideoService } from '../domain/video.service.js';

export interface VideoRoutesOptions {
  videos: VideoService;
  playback: PlaybackConfig;
  pickEdge?: EdgePicker;
}

const errors = { 400: ErrorBody, 401: ErrorBody };
const security = [{ bearer: [] }];

export const videoRoutes: TypedPlugin<VideoRoutesOptions> = async (app, { videos, playback, pickEdge }) => {
  const dto = (row: Parameters<typeof toVideoDto>[0]) => toVideoDto(row, playback, pickEdge);

  app.post('/videos', {
    schema: {
      tags: ['videos'],
      summary: 'Create a video from a source URL (queued for transcoding unless transcode is false)',
      security,
      body: VideoCreate,
      response: { 201: Video, ...errors, 503: ErrorBody },
    },
    handler: async (req, reply) => reply.code(201).send(dto(await videos.create(req.body))),
  });

  app.get('/videos', {
    schema: {
      tags: ['videos'],
      summary: 'List videos, newest first (?status=, ?search= on source substring or exact basename)',
      security,
      querystring: VideoListQuery,
      response: { 200: Page(Video), ...errors },
    },
    handler: async (req) => {
      const { rows, nextCursor } = await videos.list(req.query);
      return { items: rows.map(dto), nextCursor };
    },
  });

  app.get('/videos/:id', {
    schema: { tags: ['videos'], summary: 'Get a video', security, params: IdParams, response: { 200: Video, ...errors, 404: ErrorBody } },
    handler: async (req) => dto(await videos.get(req.params.id)),
  });

  app.delete('/videos/:id', {
    schema: {
      tags: ['videos'],
      summary: 'Delete a video and its results (refused while process)',
      description: 'Removes the video, its unsent jobs and its HLS results. A source uploaded with POST /uploads is removed too once no other video names it; a source elsewhere is never touched.',
      security,
      params: IdParams,
      response: { 204: Type.Null({ description: 'Deleted' }), ...errors, 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (req, reply) => {
      await videos.remove(req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/videos/:id/transcode', {
    schema: {
      tags: ['videos'],
      summary: 'Queue a video for transcoding again (from new, done or error)',
      description: 'With no body the video keeps its preset; `{ "preset": "name-or-id" }` switches it (resolved now, like POST /videos). The previous results are replaced when the new ladder is ready.',
      security,
      params: IdParams,
      body: VideoTranscode,
      response: { 200: Video, ...errors, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody },
    },
    // The body is optional: none means "same preset".
    preValidation: async (req) => {
      req.body ??= {};
    },
    handler: async (req) => dto(await videos.transcode(req.params.id, req.body.preset)),
  });
};
