import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without an API key (health, readiness). */
    public?: boolean;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when `candidate` is one of `keys`; every key is compared, in constant time. */
export function keyMatches(candidate: string, keys: readonly Buffer[]): boolean {
  const probe = digest(candidate);
  let found = false;
  for (const key of keys) found = timingSafeEqual(probe, key) || found;
  return found;
}

/** Bearer API keys on every route but the public ones and the docs; no keys: auth off. */
export function installAuth(app: FastifyInstance, apiKeys: readonly string[]): void {
  if (apiKeys.length === 0) return;
  const keys = apiKeys.map(digest);
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions;
    if (route.config.public || route.url === '/docs' || route.url?.startsWith('/docs/')) return;
    reply.header('www-authenticate', 'Bearer');
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new HttpError(401, 'missing API key: send "Authorization: Bearer <key>"', 'UNAUTHORIZED');
    if (!keyMatches(match[1]!, keys)) throw new HttpError(401, 'unknown API key', 'UNAUTHORIZED');
  });
}
