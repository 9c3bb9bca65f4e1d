import swagger from '@fastify/swagger';
import type { TSchema } from '@sinclair/typebox';
import { checkRequestInput } from '@dvt/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { installAuth } from './auth.js';
import type { Db } from './db/database.js';
import { badRequest, formatSchemaErrors, installErrorHandler } from './errors.js';
import { healthRoutes } from './routes/health.routes.js';
import { presetRoutes } from './routes/presets.routes.js';
import { profileRoutes } from './routes/profiles.routes.js';
import { snapshotRoutes } from './routes/snapshot.routes.js';
import { trackRoutes } from './routes/tracks.routes.js';
import type { TypeBoxTypeProvider } from './type-provider.js';

export const BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  db: Db;
  apiKeys?: readonly string[];
  /** A pino logger; tests leave it out (silent). */
  logger?: FastifyBaseLogger;
  /**
   * Serve swagger UI at /docs (default true). Jest turns it off: @fastify/static, under it,
   * requires an ESM-only package that jest's CommonJS loader cannot load on Node 20.
   */
  docsUi?: boolean;
}

// src/app.ts under jest, dist/src/app.js when built: the package.json is one or two levels up.
function packageVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@dvt/catalog-api' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  return '0.0.0';
}
const version = packageVersion();

type OpenApiDoc = { paths?: Record<string, Record<string, { parameters?: { required?: boolean; schema?: { default?: unknown } }[] }>> };

/** A query parameter with a default (`limit`) is required by its schema only after defaults apply; clients may leave it out. */
function optionalDefaults<T extends OpenApiDoc>(doc: T): T {
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema?.default !== undefined) parameter.required = false;
      }
    }
  }
  return doc;
}

export async function buildApp({ db, apiKeys = [], logger, docsUi = true }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    // Bodies are checked as sent: an unknown field or a "23" for a number is refused, never
    // stripped or coerced. Query strings are converted from their schema before validation.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, verbose: true } },
    schemaErrorFormatter: formatSchemaErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  // Every body here is JSON; a text/plain body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (request) => {
    const { query, problem } = checkRequestInput(request, request.routeOptions.schema?.querystring as TSchema | undefined);
    request.query = query;
    if (problem) throw badRequest(problem);
  });

  await app.register(swagger, {
    transformObject: (documentObject) => ('openapiObject' in documentObject ? optionalDefaults(documentObject.openapiObject as OpenApiDoc) : documentObject.swaggerObject) as never,
    openapi: {
      openapi: '3.1.0',
      info: { title: 'catalog-api', version, description: 'Presets, video/audio tracks and profiles of the video transcoding platform.' },
      tags: [
        { name: 'presets', description: 'Named sets of tracks and profiles; snapshot, import and export' },
        { name: 'video-tracks', description: 'Video renditions (x264 params)' },
        { name: 'audio-tracks', description: 'Audio renditions (AAC params)' },
        { name: 'video-profiles', description: 'Source conditions choosing a video ladder' },
        { name: 'audio-profiles', description: 'Source conditions choosing audio renditions' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'One of API_KEYS (when set)' } } },
      security: [{ bearerAuth: [] }],
    },
  });
  if (docsUi) {
    const { default: swaggerUi } = await import('@fastify/swagger-ui');
    await app.register(swaggerUi, { routePrefix: '/docs' });
  } else {
    app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
  }
  installAuth(app, apiKeys);

  await app.register(healthRoutes, { db });
  await app.register(presetRoutes, { db });
  await app.register(snapshotRoutes, { db });
  for (const kind of ['video', 'audio'] as const) {
    await app.register(trackRoutes, { db, kind });
    await app.register(profileRoutes, { db, kind });
  }
  return app;
}
