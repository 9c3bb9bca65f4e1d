/**
 * A failure a person can act on (bad source, no matching profile, ffmpeg refused
 * the input). The job ends `error` with this message; it is never retried.
 */
export class JobError extends Error {
  override readonly name = 'JobError';
}

/** Why a running job was stopped from outside (not a failure of the job itself). */
export type AbortReason = 'shutdown' | 'lease-lost' | 'timeout';

export class JobAborted extends Error {
  override readonly name = 'JobAborted';
  constructor(readonly reason: AbortReason) {
    super(`job aborted: ${reason}`);
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
