import type { Readable } from 'node:stream';
import { ErrorBody, UploadQuery, UploadResponse } from '@dvt/contracts';
import { ApiError, badRequest } from '../domain/errors.js';
import type { UploadService } from '../domain/upload.service.js';
import type { TypedPlugin } from './type-provider.js';

export interface UploadRoutesOptions {
  uploads: UploadService;
  maxBytes: number;
}

export const uploadRoutes: TypedPlugin<UploadRoutesOptions> = async (app, { uploads, maxBytes }) => {
  // In this plugin only: every body is raw media, streamed through untouched (never buffered).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  app.post('/uploads', {
    schema: {
      tags: ['uploads'],
      summary: 'Upload a media file; answers the source URL to pass to POST /videos',
      description:
        `The raw file is the request body (any content type, e.g. application/octet-stream), streamed to the sources storage ` +
        `(VIDEO_SOURCES_URI). At most MAX_UPLOAD_BYTES (${maxBytes} bytes here). After the upload ffprobe checks it is media: ` +
        `a body with no audio or video stream is refused with 400 and not kept.`,
      security: [{ bearer: [] }],
      querystring: UploadQuery,
      response: { 201: UploadResponse, 400: ErrorBody, 401: ErrorBody, 413: ErrorBody, 415: ErrorBody, 503: ErrorBody },
    },
    handler: async (req, reply) => {
      const length = req.headers['content-length'];
      const size = length === undefined ? undefined : Number(length);
      const body = req.body as Readable | undefined;
      // No content-type and no body: fastify runs no parser at all.
      if (!body || size === 0) throw badRequest('body is empty: send the media file as the request body');
      // A browser form or `curl -F` wraps the file in multipart: ffprobe would only say "not media".
      if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
        reply.header('connection', 'close');
        throw new ApiError(415, 'multipart bodies are not accepted: send the file itself as the body (curl --data-binary @file.mp4 -H "content-type: application/octet-stream")');
      }
      try {
        return reply.code(201).send(await uploads.upload(req.query.filename, body, Number.isFinite(size) ? size : undefined));
      } catch (err) {
        // Refused before the body was read to its end: close the connection rather than
        // leave the client sending into a socket nobody reads.
        if (!body.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  });
};
