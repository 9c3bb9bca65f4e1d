import { TRANSCODABLE_FROM, canTransition, type VideoStatus, type WorkerEvent, type WorkerEventType } from '@dvt/contracts';
import type { VideoRow } from '../db/video.table.js';

/** What a decision needs to know about the stored video. */
export interface VideoState {
  status: VideoStatus;
  taskId: string | null;
  workerId: string | null;
  leaseExpiresAt: Date | null;
  progressPercent: number | null;
}

export const stateOf = (row: VideoRow | undefined): VideoState | undefined =>
  row && { status: row.status, taskId: row.task_id, workerId: row.worker_id, leaseExpiresAt: row.lease_expires_at, progressPercent: row.progress_percent };

export type Decision<T = object> = ({ ok: true } & T) | { ok: false; statusCode: 404 | 409; reason: string };

const refuse = (statusCode: 404 | 409, reason: string) => ({ ok: false as const, statusCode, reason });

/** The transcode action (and re-transcode): allowed from new, done and error only. */
export function decideTranscode(status: VideoStatus): Decision {
  if (TRANSCODABLE_FROM.includes(status)) return { ok: true };
  return refuse(409, `video is ${status}; transcode is allowed only from ${TRANSCODABLE_FROM.join(', ')}`);
}

export function decideDelete(status: VideoStatus): Decision {
  return status === 'process' ? refuse(409, 'video is process (being transcoded); delete it when it is done or error') : { ok: true };
}

/**
 * Claim: `queued` -> `process` for the matching taskId, or take-over of a `process`
 * video of the same task whose lease expired. The same worker claiming again while it
 * holds the lease is a replay (renews the lease) rather than a conflict.
 */
export function decideClaim(v: VideoState | undefined, taskId: string, workerId: string, now: Date): Decision<{ takeover: boolean }> {
  if (!v) return refuse(404, 'video not found');
  if (v.taskId !== taskId) return refuse(409, `stale task: video's current taskId is ${v.taskId ?? 'none'}, not ${taskId}`);
  if (v.status === 'queued' && canTransition('queued', 'process')) return { ok: true, takeover: false };
  if (v.status === 'process') {
    if (v.workerId === workerId) return { ok: true, takeover: false };
    if (v.leaseExpiresAt !== null && v.leaseExpiresAt.getTime() <= now.getTime()) return { ok: true, takeover: true };
    return refuse(409, `video is process and leased by worker ${v.workerId ?? 'unknown'} until ${v.leaseExpiresAt?.toISOString() ?? 'unknown'}`);
  }
  return refuse(409, `video is ${v.status}; only a queued video (or a process one whose lease expired) can be claimed`);
}

/** Heartbeat: only the owning worker of the current task, while process. */
export function decideHeartbeat(v: VideoState | undefined, taskId: string, workerId: string): Decision {
  if (!v) return refuse(404, 'video not found');
  if (v.taskId !== taskId) return refuse(409, `stale task: video's current taskId is ${v.taskId ?? 'none'}, not ${taskId}`);
  if (v.status !== 'process') return refuse(409, `video is ${v.status}, not process: the lease is gone`);
  if (v.workerId !== workerId) return refuse(409, `lease is owned by worker ${v.workerId ?? 'none'}, not ${workerId}`);
  return { ok: true };
}

/** The status each event moves a `process` video to (null: no status change). */
export const EVENT_TARGET: Readonly<Record<WorkerEventType, VideoStatus | null>> = Object.freeze({
  process: null,
  progress: null,
  done: 'done',
  error: 'error',
  requeued: 'queued',
});

export type EventDecision = { apply: true; from: 'process'; to: VideoStatus | null } | { apply: false; reason: string };

/**
 * Pure: whether an event applies to the stored video. Every event belongs to the
 * current task of a `process` video and comes from its lease owner; anything else is
 * stale, duplicate or out of order.
 */
export function decideEvent(v: VideoState | undefined, event: WorkerEvent): EventDecision {
  if (!v) return { apply: false, reason: 'unknown video' };
  if (v.taskId !== event.taskId) return { apply: false, reason: `stale task (current taskId ${v.taskId ?? 'none'})` };
  if (v.status !== 'process') return { apply: false, reason: `video is ${v.status}, not process` };
  // After a take-over the old owner may still be talking; only the lease owner speaks for the task.
  if (v.workerId !== event.workerId) return { apply: false, reason: `worker ${event.workerId} does not hold the lease (owner ${v.workerId ?? 'none'})` };
  const to = EVENT_TARGET[event.type];
  if (to !== null && !canTransition(v.status, to)) return { apply: false, reason: `illegal transition ${v.status} -> ${to}` };
  if (event.type === 'process') return { apply: false, reason: 'already process (claim made the transition)' };
  if (event.type === 'progress' && v.progressPercent !== null && event.progress.percent <= v.progressPercent) {
    return { apply: false, reason: `progress ${event.progress.percent}% is not past ${v.progressPercent}%` };
  }
  return { apply: true, from: 'process', to };
}

/**
 * The owner's system transition, outside the public table: a job the broker
 * dead-lettered (poison message, too many deliveries) ends its video in `error`,
 * if that job is still the current task and not finished.
 */
export const DEAD_LETTER_FROM: readonly VideoStatus[] = ['queued', 'process'];
