import { timingSafeEqual } from 'node:crypto';
import { checkRequestInput } from '@dvt/contracts';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { LeaseService } from './domain/lease.service.js';
import type { EdgePicker, PlaybackConfig } from './domain/video.dto.js';
import type { UploadService } from './domain/upload.service.js';
import type { VideoService } from './domain/video.service.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.routes.js';
import { internalRoutes } from './routes/internal.routes.js';
import { mediaRoutes } from './routes/media.js';
import { uploadRoutes } from './routes/uploads.routes.js';
import { videoRoutes } from './routes/videos.routes.js';
import type { TypeBoxTypeProvider } from './routes/type-provider.js';
import { validationMessage } from './routes/validation.js';
import { badRequest } from './domain/errors.js';
import type { TSchema } from '@sinclair/typebox';

export interface AppDeps {
  logger: Logger;
  videos: VideoService;
  leases: LeaseService;
  readiness: ReadinessCheck;
  playback: PlaybackConfig;
  pickEdge?: EdgePicker;
  apiKeys: readonly string[];
  workerApiKeys: readonly string[];
  storages: { results: URL; sources: URL };
  publicUrl?: string;
  uploads?: { service: UploadService; maxBytes: number };
}

const OPEN = /^\/(health|ready|docs|media)(\/|$)/;

/** Operations whose body may be left out (their route's preValidation supplies `{}`); @fastify/swagger marks every body required. */
const OPTIONAL_BODIES: readonly [path: string, method: string][] = [['/videos/{id}/transcode', 'post']];

interface OpenApiOperation {
  requestBody?: { required?: boolean; description?: string; content?: Record<string, unknown> };
  parameters?: { required?: boolean; schema?: { default?: unknown } }[];
}
type OpenApiPaths = Record<string, Record<string, OpenApiOperation>>;

/** What the route schemas cannot say: optional bodies, the raw upload body, and that a parameter with a default may be left out. */
const completeOpenApi = (doc: { paths?: OpenApiPaths }) => {
  for (const [path, method] of OPTIONAL_BODIES) {
    const body = doc.paths?.[path]?.[method]?.requestBody;
    if (body) body.required = false;
  }
  const upload = doc.paths?.['/uploads']?.post;
  if (upload) {
    upload.requestBody = {
      required: true,
      description: 'The media file itself (not multipart), at most MAX_UPLOAD_BYTES',
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    };
  }
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) if (parameter.schema?.default !== undefined) parameter.required = false;
    }
  }
  return doc;
};

const decodedPath = (url: string): string => {
  const raw = url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

const keyMatches = (keys: readonly string[], header: string | undefined): boolean => {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!token) return false;
  const given = Buffer.from(token);
  return keys.some((k) => {
    const key = Buffer.from(k);
    return key.length === given.length && timingSafeEqual(key, given);
  });
};

/** Builds the HTTP app from injected services; nothing here opens a connection. */
export async function buildApp(d: AppDeps): Promise<FastifyInstance> {
  // pino's Logger is a FastifyBaseLogger; the cast only settles pino's stricter generic.
  const app = Fastify({
    loggerInstance: d.logger as FastifyBaseLogger,
    // Bodies are checked as sent ("60" is not a number, null is not false); query strings
    // are converted strictly from their schema first (convertQuery).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every body here but an upload's (its own parser) is JSON: text/plain is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (req) => {
    const { query, problem } = checkRequestInput(req, req.routeOptions.schema?.querystring as TSchema | undefined);
    req.query = query;
    if (problem) throw badRequest(problem);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: validationMessage(err) });
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const type = req.headers['content-type'] ?? 'none';
      return reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: `content-type ${type} is not supported: send application/json` });
    }
    if (status >= 500) {
      if (status === 503) req.log.warn({ err: err.message }, 'dependency unavailable');
      else req.log.error({ err }, 'request failed');
      if (status === 500) return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'internal server error' });
    }
    return reply.code(status).send({ statusCode: status, error: reasonPhrase(status), message: err.message });
  });

  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'], exposedHeaders: ['content-length', 'content-range'] });
  await app.register(swagger, {
    transformObject: (d) => ('openapiObject' in d ? completeOpenApi(d.openapiObject as { paths?: OpenApiPaths }) : d.swaggerObject) as never,
    openapi: {
      openapi: '3.0.3',
      info: { title: 'video-api', version: '1.0.0', description: 'Videos, their status machine and the worker hand-off' },
      servers: d.publicUrl ? [{ url: d.publicUrl }] : [],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'One of API_KEYS' },
          workerBearer: { type: 'http', scheme: 'bearer', description: 'One of WORKER_API_KEYS' },
        },
      },
      tags: [
        { name: 'videos', description: 'Video lifecycle' },
        { name: 'uploads', description: 'Direct upload of source files' },
        { name: 'internal', description: 'Worker hand-off (claim, lease heartbeat)' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    // Decide on the route the router matched (its pattern), never on the raw URL:
    // `/%69nternal/...` routes to /internal/... but does not start with it.
    const path = req.routeOptions.url ?? decodedPath(req.url);
    if (OPEN.test(path) || req.method === 'OPTIONS') return;
    const keys = path.startsWith('/internal/') ? d.workerApiKeys : d.apiKeys;
    if (keys.length === 0 || keyMatches(keys, req.headers.authorization)) return;
    // Worded as catalog-api words it, naming the variable that holds the keys this route takes.
    const variable = path.startsWith('/internal/') ? 'WORKER_API_KEYS' : 'API_KEYS';
    const message = /^Bearer\s+\S/i.test(req.headers.authorization ?? '') ? `unknown API key (not one of ${variable})` : `missing API key: send "Authorization: Bearer <key>" (one of ${variable})`;
    return reply.code(401).header('www-authenticate', 'Bearer').send({ statusCode: 401, error: 'Unauthorized', message, code: 'UNAUTHORIZED' });
  });

  await app.register(healthRoutes, { readiness: d.readiness });
  await app.register(videoRoutes, { videos: d.videos, playback: d.playback, pickEdge: d.pickEdge });
  if (d.uploads) await app.register(uploadRoutes, { uploads: d.uploads.service, maxBytes: d.uploads.maxBytes });
  await app.register(internalRoutes, { leases: d.leases });
  await mediaRoutes(app, d.storages);
  return app;
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 502: 'Bad Gateway', 503: 'Service Unavailable' };
  return phrases[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}
