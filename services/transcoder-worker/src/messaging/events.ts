import { EVENT_VERSION, type Progress, type WorkerEvent } from '@dvt/contracts';

export interface EventPublisher {
  /** Resolves once the broker confirmed the event. */
  publish(event: WorkerEvent): Promise<void>;
}

export interface JobRef {
  videoId: string;
  taskId: string;
  workerId: string;
}

const base = (ref: JobRef) => ({ version: EVENT_VERSION, videoId: ref.videoId, taskId: ref.taskId, workerId: ref.workerId, at: new Date().toISOString() }) as const;

/** Pure builders of the five events (DESIGN section 7). */
export const events = {
  process: (ref: JobRef): WorkerEvent => ({ ...base(ref), type: 'process' }),
  progress: (ref: JobRef, progress: Progress): WorkerEvent => ({ ...base(ref), type: 'progress', progress }),
  done: (ref: JobRef, metadata: Record<string, unknown>, duration: number): WorkerEvent => ({ ...base(ref), type: 'done', metadata, duration }),
  error: (ref: JobRef, message: string): WorkerEvent => ({ ...base(ref), type: 'error', error: message.slice(0, 4000) || 'unknown error' }),
  requeued: (ref: JobRef, reason: string): WorkerEvent => ({ ...base(ref), type: 'requeued', reason: reason.slice(0, 1000) }),
};
