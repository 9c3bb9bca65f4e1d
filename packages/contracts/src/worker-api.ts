import { Type, type Static } from '@sinclair/typebox';
import { Id, Timestamp } from './common.js';

/** POST /internal/videos/{id}/claim: compare-and-set queued -> process (or take over an expired lease). */
export const ClaimRequest = Type.Object(
  {
    taskId: Id,
    workerId: Type.String({ minLength: 1, maxLength: 200, description: 'Stable id of the claiming worker (host:pid)' }),
    leaseSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600, default: 60, description: 'Lease length; renew with heartbeat before it ends' })),
  },
  { additionalProperties: false },
);
export type ClaimRequest = Static<typeof ClaimRequest>;

export const LeaseResponse = Type.Object({
  videoId: Id,
  taskId: Id,
  workerId: Type.String(),
  leaseExpiresAt: Timestamp,
  takeover: Type.Boolean({ description: 'True when the claim took over a process video whose lease had expired' }),
});
export type LeaseResponse = Static<typeof LeaseResponse>;

/** POST /internal/videos/{id}/heartbeat: extend the lease of the current owner. */
export const HeartbeatRequest = Type.Object(
  {
    taskId: Id,
    workerId: Type.String({ minLength: 1, maxLength: 200 }),
    leaseSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600, default: 60 })),
  },
  { additionalProperties: false },
);
export type HeartbeatRequest = Static<typeof HeartbeatRequest>;
