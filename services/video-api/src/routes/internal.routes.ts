import { ClaimRequest, ErrorBody, HeartbeatRequest, IdParams, LeaseResponse } from '@dvt/contracts';
import type { TypedPlugin } from './type-provider.js';
import type { LeaseService } from '../domain/lease.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ workerBearer: [] }];

/** Worker-facing routes (WORKER_API_KEYS). */
export const internalRoutes: TypedPlugin<{ leases: LeaseService }> = async (app, { leases }) => {
  app.post('/internal/videos/:id/claim', {
    schema: {
      tags: ['internal'],
      summary: 'Claim a video for a task: queued -> process, or take over an expired lease (409 otherwise)',
      security,
      params: IdParams,
      body: ClaimRequest,
      response: { 200: LeaseResponse, ...errors },
    },
    handler: async (req) => leases.claim(req.params.id, req.body),
  });

  app.post('/internal/videos/:id/heartbeat', {
    schema: {
      tags: ['internal'],
      summary: 'Extend the lease of the owning worker (409 when it is not the owner any more)',
      security,
      params: IdParams,
      body: HeartbeatRequest,
      response: { 200: LeaseResponse, ...errors },
    },
    handler: async (req) => leases.heartbeat(req.params.id, req.body),
  });
};
