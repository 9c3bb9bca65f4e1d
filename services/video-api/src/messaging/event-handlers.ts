import { WORKER_EVENT_TYPES, attemptsExhausted, parseWorkerEvent, type WorkerEvent, type WorkerEventOf, type WorkerEventType } from '@dvt/contracts';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { insertOutbox } from '../db/outbox.repository.js';
import { lockVideo, transition, updateProgress } from '../db/video.repository.js';
import type { VideoRow } from '../db/video.table.js';
import { buildJobMessage } from '../domain/job.js';
import { decideEvent, stateOf } from '../domain/lifecycle.js';
import type { Outcome } from './consumer.js';

export interface EventContext {
  db: Db;
  /** Tells the outbox relay a transaction with outbox rows committed. */
  nudgeRelay(): void;
}

/** Writes one event's change inside the transaction that locked (and decided on) `current`. */
type Apply<T extends WorkerEventType> = (trx: Transaction<Database>, event: WorkerEventOf<T>, current: VideoRow) => Promise<VideoRow | undefined>;

const cleared = { worker_id: null, lease_expires_at: null, progress_phase: null, progress_percent: null } as const;
const where = (event: WorkerEvent, to: 'done' | 'error' | 'queued') => ({ id: event.videoId, from: 'process' as const, to, taskId: event.taskId });

/**
 * One writer per event type (the compiler checks every type has one), each a
 * conditional UPDATE on (id, status = process, task_id), so a replay finds nothing to change.
 *
 * `requeued`: back to `queued` (lease cleared) with a new outbox row (same taskId,
 * attempt + 1): the job's way back to the queue, as the worker acks its own delivery (a
 * nack would count toward the delivery limit, and a copy redelivered before this event is
 * applied would meet the old owner's live lease and be dropped). Published only once the
 * video is `queued`, the outbox copy is always claimable.
 */
// PostgreSQL text and jsonb refuse NUL; a message from ffmpeg's stderr may carry one, and
// an event that can never be written would be retried forever.
const NUL = String.fromCharCode(0);
const withoutNul = (text: string): string => text.replaceAll(NUL, '');
const jsonWithoutNul = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? withoutNul(v) : v));

export const EVENT_WRITERS: { [T in WorkerEventType]: Apply<T> } = {
  process: async () => undefined,
  progress: (trx, e) => updateProgress(trx, e.videoId, e.taskId, e.progress.phase, e.progress.percent),
  done: (trx, e) => transition(trx, where(e, 'done'), { ...cleared, metadata: jsonWithoutNul(e.metadata), duration: e.duration, error: null }),
  error: (trx, e) => transition(trx, where(e, 'error'), { ...cleared, error: withoutNul(e.error) }),
  requeued: async (trx, e, current) => {
    if (!current.preset_snapshot) return undefined;
    const exhausted = attemptsExhausted(current.attempt);
    if (exhausted) return transition(trx, where(e, 'error'), { ...cleared, error: exhausted });
    const moved = await transition(trx, where(e, 'queued'), { ...cleared, attempt: current.attempt + 1 });
    if (moved) await insertOutbox(trx, buildJobMessage({ videoId: moved.id, taskId: e.taskId, source: moved.source, basename: moved.basename, preset: current.preset_snapshot, attempt: moved.attempt }));
    return moved;
  },
};

for (const type of WORKER_EVENT_TYPES) {
  if (typeof EVENT_WRITERS[type] !== 'function') throw new Error(`no handler for worker event type ${type}`);
}

/** Parses, decides and applies one event body; every refusal is logged and dropped. */
export async function handleWorkerEvent(ctx: EventContext, body: Buffer, logger: Logger): Promise<Outcome> {
  const parsed = parseWorkerEvent(body);
  if (!parsed.ok) {
    logger.warn({ reason: parsed.error, body: body.toString('utf8').slice(0, 500) }, 'invalid worker event dropped');
    return 'dropped';
  }
  const event = parsed.value;
  const log = logger.child({ videoId: event.videoId, taskId: event.taskId, event: event.type, workerId: event.workerId });
  // Decide and write on the locked row: a claim or take-over cannot slip in between.
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const { row: current } = await lockVideo(trx, event.videoId);
    const decision = decideEvent(stateOf(current), event);
    if (!decision.apply || !current) return { reason: decision.apply ? 'unknown video' : decision.reason };
    const writer = EVENT_WRITERS[event.type] as Apply<WorkerEventType>;
    const row = await writer(trx, event, current);
    return row ? { row } : { reason: 'the video changed meanwhile' };
  });
  if (!('row' in outcome) || !outcome.row) {
    log.info({ reason: outcome.reason }, 'worker event dropped');
    return 'dropped';
  }
  const { row } = outcome;
  if (event.type === 'requeued') ctx.nudgeRelay();
  log.info({ status: row.status }, 'worker event applied');
  return 'applied';
}
