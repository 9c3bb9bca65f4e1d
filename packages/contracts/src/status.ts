import { Type, type Static } from '@sinclair/typebox';

export const VIDEO_STATUSES = ['new', 'queued', 'process', 'done', 'error'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];
export const VideoStatusSchema = Type.Union(
  VIDEO_STATUSES.map((s) => Type.Literal(s)),
  { description: 'new -> queued -> process -> done | error; process -> queued; new | done | error -> queued' },
);

/** DESIGN section 4: the only legal moves. Anything else is refused (409) or dropped (stale event). */
export const TRANSITIONS: Readonly<Record<VideoStatus, readonly VideoStatus[]>> = Object.freeze({
  new: ['queued'],
  queued: ['process'],
  process: ['done', 'error', 'queued'],
  done: ['queued'],
  error: ['queued'],
});

export function canTransition(from: VideoStatus, to: VideoStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses from which the transcode action (and re-transcode) may queue a video. */
export const TRANSCODABLE_FROM: readonly VideoStatus[] = VIDEO_STATUSES.filter((s) => canTransition(s, 'queued') && s !== 'process');

export const PROGRESS_PHASES = ['analyze', 'split', 'transcode', 'segment'] as const;
export type ProgressPhase = (typeof PROGRESS_PHASES)[number];
export const Progress = Type.Object(
  {
    phase: Type.Union(PROGRESS_PHASES.map((p) => Type.Literal(p)), { description: 'Current step of the worker' }),
    percent: Type.Number({ minimum: 0, maximum: 100, description: 'Progress of the whole job, 0-100' }),
  },
  { additionalProperties: false },
);
export type Progress = Static<typeof Progress>;
