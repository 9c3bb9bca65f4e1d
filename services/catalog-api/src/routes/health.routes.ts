import { HealthBody } from '@dvt/contracts';
import { sql } from 'kysely';
import { HttpError } from '../errors.js';
import { errors, type CatalogPlugin } from './common.js';

const tags = ['health'];

export const healthRoutes: CatalogPlugin = async (app, { db }) => {
  app.get('/health', {
    config: { public: true },
    schema: { tags, summary: 'Liveness', description: 'The process answers; touches no dependency.', security: [], response: { 200: HealthBody } },
  }, async () => ({ status: 'ok' }));

  app.get('/ready', {
    config: { public: true },
    schema: { tags, summary: 'Readiness', description: 'The database answers a query.', security: [], response: { 200: HealthBody, 503: errors()[503]! } },
  }, async () => {
    try {
      await sql`SELECT 1`.execute(db);
    } catch {
      throw new HttpError(503, 'not ready: the database is unreachable', 'DATABASE_UNAVAILABLE');
    }
    return { status: 'ok', checks: { database: 'ok' } };
  });
};
