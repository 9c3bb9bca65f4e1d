import { existsSync } from 'node:fs';
import path from 'node:path';
import proxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { uiSettings } from './ui-settings.js';

export interface AppDeps {
  config: Pick<Config, 'CATALOG_API_URL' | 'VIDEO_API_URL' | 'UI_STATIC_DIR'>;
  logger?: FastifyServerOptions['loggerInstance'];
}

// Uploads stream through the proxy and video-api probes them before answering, so
// the upstream may take minutes before its headers; media bodies may be long too.
const UPSTREAM_TIMEOUTS = { headersTimeout: 15 * 60_000, bodyTimeout: 15 * 60_000 };

/**
 * One origin for the browser: the built SPA at `/`, the two public APIs under
 * `/api/catalog` and `/api/video`, and video-api's results under `/media`.
 * The Authorization header the UI sets passes through unchanged.
 */
const REASONS: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
const gatewayError = (statusCode: number, message: string) => ({ statusCode, error: REASONS[statusCode] ?? 'Bad Gateway', message });

export async function buildApp({ config, logger }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger, trustProxy: true });

  const upstreams = [
    { name: 'catalog-api', upstream: config.CATALOG_API_URL, prefix: '/api/catalog', rewritePrefix: '' },
    { name: 'video-api', upstream: config.VIDEO_API_URL, prefix: '/api/video', rewritePrefix: '' },
    { name: 'video-api', upstream: config.VIDEO_API_URL, prefix: '/media', rewritePrefix: '/media' },
  ];
  for (const { name, ...route } of upstreams) {
    await app.register(proxy, {
      ...route,
      undici: UPSTREAM_TIMEOUTS,
      replyOptions: {
        // An unreachable API is a 502/503/504 in fastify's error shape that names it, not a bare 500.
        onError(reply, { error }) {
          const code = (error as { statusCode?: number }).statusCode;
          const statusCode = code === 503 || code === 504 ? code : 502;
          reply.log.warn({ err: error, upstream: name }, 'upstream request failed');
          void reply.code(statusCode).send(gatewayError(statusCode, `${name} (${route.upstream}) did not answer: ${error.message}`));
        },
      },
    });
  }

  app.get('/ui-settings.json', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return uiSettings(config);
  });
  app.get('/health', async () => ({ status: 'ok' }));

  if (!existsSync(path.join(config.UI_STATIC_DIR, 'index.html'))) {
    throw new Error(`admin-ui: no built SPA in ${config.UI_STATIC_DIR} (run \`pnpm --filter @dvt/admin-ui exec vite build\`)`);
  }
  await app.register(fastifyStatic, {
    root: config.UI_STATIC_DIR,
    setHeaders(res, file) {
      // Vite names assets by content hash; only index.html must be revalidated.
      res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return app;
}
