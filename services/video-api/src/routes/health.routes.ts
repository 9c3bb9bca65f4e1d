import { ErrorBody, HealthBody } from '@dvt/contracts';
import type { TypedPlugin } from './type-provider.js';

export type ReadinessCheck = () => Promise<Record<string, 'ok' | 'down'>>;

export const healthRoutes: TypedPlugin<{ readiness: ReadinessCheck }> = async (app, { readiness }) => {
  app.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness', response: { 200: HealthBody } },
    handler: async () => ({ status: 'ok' }),
  });

  app.get('/ready', {
    schema: { tags: ['health'], summary: 'Readiness: database and broker connection up (503 otherwise)', response: { 200: HealthBody, 503: HealthBody, 500: ErrorBody } },
    handler: async (_req, reply) => {
      const checks = await readiness();
      const ready = Object.values(checks).every((c) => c === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'not ready', checks });
    },
  });
};
