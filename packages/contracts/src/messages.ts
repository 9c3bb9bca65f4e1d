import { Type, type Static } from '@sinclair/typebox';
import { Id, Timestamp } from './common.js';
import { PresetSnapshot } from './snapshot.js';
import { Progress } from './status.js';

export const JOB_EXCHANGE = 'video_transcoding';
export const JOB_QUEUE = 'video_transcoding';
export const JOB_ROUTING_KEY = 'video_transcoding';
export const JOB_DEAD_LETTER_EXCHANGE = 'video_transcoding.dlx';
export const JOB_DEAD_LETTER_QUEUE = 'video_transcoding.dead';
export const EVENTS_EXCHANGE = 'video_transcoding.events';
export const JOB_MESSAGE_VERSION = 1;
export const EVENT_VERSION = 1;

/** The job: self-contained (source, frozen preset, output basename); a worker reads no other database. */
export const JobMessage = Type.Object(
  {
    version: Type.Literal(JOB_MESSAGE_VERSION),
    taskId: Id,
    videoId: Id,
    source: Type.String({ format: 'uri', maxLength: 2048 }),
    basename: Id,
    preset: PresetSnapshot,
    attempt: Type.Integer({ minimum: 1, description: 'How many times this task was queued (1 on first publish)' }),
  },
  { additionalProperties: false },
);
export type JobMessage = Static<typeof JobMessage>;

const eventBase = {
  version: Type.Literal(EVENT_VERSION),
  videoId: Id,
  taskId: Id,
  workerId: Type.String({ minLength: 1, maxLength: 200 }),
  at: Timestamp,
};

export const ProcessEvent = Type.Object({ ...eventBase, type: Type.Literal('process') }, { additionalProperties: false });
export const ProgressEvent = Type.Object({ ...eventBase, type: Type.Literal('progress'), progress: Progress }, { additionalProperties: false });
export const DoneEvent = Type.Object(
  {
    ...eventBase,
    type: Type.Literal('done'),
    metadata: Type.Record(Type.String(), Type.Unknown(), { description: 'Probe of the result (streams, renditions)' }),
    duration: Type.Number({ minimum: 0, description: 'Result duration, seconds' }),
  },
  { additionalProperties: false },
);
export const ErrorEvent = Type.Object({ ...eventBase, type: Type.Literal('error'), error: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const RequeuedEvent = Type.Object({ ...eventBase, type: Type.Literal('requeued'), reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

export const WorkerEvent = Type.Union([ProcessEvent, ProgressEvent, DoneEvent, ErrorEvent, RequeuedEvent]);
export type WorkerEvent = Static<typeof WorkerEvent>;
export type WorkerEventType = WorkerEvent['type'];
export type WorkerEventOf<T extends WorkerEventType> = Extract<WorkerEvent, { type: T }>;
export const WORKER_EVENT_TYPES: readonly WorkerEventType[] = ['process', 'progress', 'done', 'error', 'requeued'];

/** Routing key on EVENTS_EXCHANGE: `video.process`, `video.progress`, ... */
export const eventRoutingKey = (type: WorkerEventType): string => `video.${type}`;

/**
 * Broker topology shared by the publisher (video-api) and the consumer (worker):
 * both assert it with the same arguments, so either may start first.
 * Quorum queues count deliveries; past JOB_DELIVERY_LIMIT a message is
 * dead-lettered instead of looping (a source that kills every worker, say).
 */
export const JOB_DELIVERY_LIMIT = 10;

/**
 * How many times one task may be queued (first publish, then each worker shutdown or
 * expired lease re-sends it as a new message) before its video ends in `error`: a job
 * whose every run is cut short (a pod evicted for the disk it fills, say) must not loop.
 */
export const MAX_TASK_ATTEMPTS = 20;

/** Pure: the error of a task that used up MAX_TASK_ATTEMPTS, or null when it may be queued again. */
export function attemptsExhausted(attempt: number, max = MAX_TASK_ATTEMPTS): string | null {
  if (attempt < max) return null;
  return `gave up after ${attempt} attempts, each ended before a result (the worker was stopped or lost its lease); POST /videos/{id}/transcode to try again`;
}
export const JOB_QUEUE_ARGUMENTS = Object.freeze({
  'x-queue-type': 'quorum',
  'x-dead-letter-exchange': JOB_DEAD_LETTER_EXCHANGE,
  'x-dead-letter-routing-key': JOB_ROUTING_KEY,
  'x-delivery-limit': JOB_DELIVERY_LIMIT,
});
/** The queue video-api reads worker events from (bound to `video.*`). */
export const EVENTS_QUEUE = 'video_transcoding.events.video-api';
