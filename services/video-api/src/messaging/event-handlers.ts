import { WORKER_EVENT_TYPES, parseWorkerEvent, type WorkerEvent, type WorkerEventOf, type WorkerEventType } from '@dvt/contracts';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { findVideo, transition, updateProgress } from '../db/video.repository.js';
import type { VideoRow } from '../db/video.table.js';
import { decideEvent, stateOf } from '../domain/lifecycle.js';
import type { Outcome } from './consumer.js';

type Apply<T extends WorkerEventType> = (db: Db, event: WorkerEventOf<T>) => Promise<VideoRow | undefined>;

const cleared = { worker_id: null, lease_expires_at: null, progress_phase: null, progress_percent: null } as const;
const where = (event: WorkerEvent, to: 'done' | 'error' | 'queued') => ({ id: event.videoId, from: 'process' as const, to, taskId: event.taskId });

/**
 * One writer per event type (the compiler checks every type has one). Each is a
 * conditional UPDATE on (id, status = process, task_id), so a replay finds nothing to change.
 *
 * `requeued`: the worker that sends it also nacks its job back to the queue, and a
 * worker killed before that nack loses its channel, which requeues the job too; so
 * the broker always re-delivers it. This handler only returns the video to `queued`
 * and clears the lease; it writes no outbox row, which would publish a needless second copy.
 */
export const EVENT_WRITERS: { [T in WorkerEventType]: Apply<T> } = {
  process: async () => undefined,
  progress: (db, e) => updateProgress(db, e.videoId, e.taskId, e.progress.phase, e.progress.percent),
  done: (db, e) => transition(db, where(e, 'done'), { ...cleared, metadata: JSON.stringify(e.metadata), duration: e.duration, error: null }),
  error: (db, e) => transition(db, where(e, 'error'), { ...cleared, error: e.error }),
  requeued: (db, e) => transition(db, where(e, 'queued'), { ...cleared }),
};

for (const type of WORKER_EVENT_TYPES) {
  if (typeof EVENT_WRITERS[type] !== 'function') throw new Error(`no handler for worker event type ${type}`);
}

/** Parses, decides and applies one event body; every refusal is logged and dropped. */
export async function handleWorkerEvent(db: Db, body: Buffer, logger: Logger): Promise<Outcome> {
  const parsed = parseWorkerEvent(body);
  if (!parsed.ok) {
    logger.warn({ reason: parsed.error, body: body.toString('utf8').slice(0, 500) }, 'invalid worker event dropped');
    return 'dropped';
  }
  const event = parsed.value;
  const log = logger.child({ videoId: event.videoId, taskId: event.taskId, event: event.type, workerId: event.workerId });
  const decision = decideEvent(stateOf(await findVideo(db, event.videoId)), event);
  if (!decision.apply) {
    log.info({ reason: decision.reason }, 'worker event dropped');
    return 'dropped';
  }
  const writer = EVENT_WRITERS[event.type] as Apply<WorkerEventType>;
  const row = await writer(db, event);
  if (!row) {
    log.info('worker event dropped: the video changed meanwhile');
    return 'dropped';
  }
  log.info({ status: row.status }, 'worker event applied');
  return 'applied';
}
