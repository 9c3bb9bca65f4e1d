import type { JobMessage, ProgressPhase } from '@dvt/contracts';
import type { Logger } from 'pino';
import { errorMessage, JobAborted, JobError } from '../domain/errors.js';
import { leaseValidUntil } from '../domain/lease.js';
import { overallPercent, throttle } from '../media/progress.js';
import { events, type EventPublisher, type JobRef } from '../messaging/events.js';
import type { StrategyJob, StrategyResult } from '../strategy/resumable.strategy.js';
import { VideoApiConfigError, type VideoApiClient } from './video-api.client.js';

/** What the consumer does with the delivery once the handler is finished. */
export type Outcome = 'ack' | 'requeue' | 'dead-letter';

export interface JobDeps {
  api: VideoApiClient;
  events: EventPublisher;
  run(job: StrategyJob, log: Logger): Promise<StrategyResult>;
  cleanup(basename: string, isError: boolean): Promise<void>;
  logger: Logger;
  workerId: string;
  leaseSeconds: number;
  transcodingTimeoutSeconds: number;
  /** waits between claim attempts while video-api is unreachable (tests shorten them) */
  claimBackoffMs?: number[];
  /** then one more wait before the delivery is requeued (each requeue counts toward x-delivery-limit) */
  requeueDelayMs?: number;
  progressIntervalMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export type ClaimOutcome = { result: 'ok'; sentAt: number } | { result: 'conflict' } | { result: 'gone' } | { result: 'unreachable' };

/**
 * Claims the video with retries while video-api is unreachable or answers as if the
 * worker were misconfigured. 'ok' (with the local send time of the successful claim),
 * 'conflict', or 'unreachable' after the bounded retries (the delivery is then requeued).
 */
export async function claimWithRetry(deps: JobDeps, ref: JobRef, signal: AbortSignal): Promise<ClaimOutcome> {
  const waits = deps.claimBackoffMs ?? [1000, 2000, 4000, 8000];
  for (let attempt = 0; ; attempt += 1) {
    const sentAt = Date.now();
    try {
      const result = await deps.api.claim(ref.videoId, { taskId: ref.taskId, workerId: ref.workerId, leaseSeconds: deps.leaseSeconds });
      return result === 'ok' ? { result, sentAt } : { result };
    } catch (err) {
      const wait = waits[attempt];
      if (err instanceof VideoApiConfigError) deps.logger.error({ err: err.message, attempt: attempt + 1 }, 'CONFIGURATION ERROR: video-api refused the claim; the job is requeued, not dropped');
      else deps.logger.warn({ err: errorMessage(err), attempt: attempt + 1 }, 'claim failed: video-api unreachable');
      if (wait === undefined || signal.aborted) return { result: 'unreachable' };
      await sleep(wait, signal);
    }
  }
}

/**
 * One job from claim to outcome (DESIGN section 3): claim, `process`, heartbeat,
 * strategy, then `done` or `error` (after cleanup), or `requeued` on shutdown (video-api re-sends the job).
 * A lost lease drops the delivery: the new owner carries on from the checkpoints.
 */
export async function handleJob(deps: JobDeps, job: JobMessage, shutdown: AbortSignal): Promise<Outcome> {
  const ref: JobRef = { videoId: job.videoId, taskId: job.taskId, workerId: deps.workerId };
  const log = deps.logger.child({ videoId: job.videoId, taskId: job.taskId, attempt: job.attempt });

  const claim = await claimWithRetry({ ...deps, logger: log }, ref, shutdown);
  if (claim.result === 'gone') {
    // Deleted (perhaps while queued, after an earlier run left checkpoints): nobody will resume it.
    log.info('the video no longer exists: its workspace is removed and the job dropped');
    await deps.cleanup(job.basename, true).catch((err) => log.warn({ err: errorMessage(err) }, 'workspace of a deleted video not removed'));
    return 'ack';
  }
  if (claim.result === 'conflict') {
    log.info('claim refused (another worker owns the video, or the task is stale): dropped');
    return 'ack';
  }
  if (claim.result === 'unreachable') {
    if (!shutdown.aborted) await sleep(deps.requeueDelayMs ?? 30_000, shutdown);
    return 'requeue';
  }
  log.info('claimed');

  const controller = new AbortController();
  const abort = (reason: JobAborted) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onShutdown = () => abort(new JobAborted('shutdown'));
  shutdown.addEventListener('abort', onShutdown, { once: true });
  if (shutdown.aborted) onShutdown();
  const timeout = setTimeout(() => abort(new JobAborted('timeout')), deps.transcodingTimeoutSeconds * 1000);

  // Once the last successful claim/heartbeat no longer guarantees the lease, the sweeper
  // may hand the video (and its workspace) to another worker: stop as on a 409.
  let validUntil = leaseValidUntil(claim.sentAt, deps.leaseSeconds);
  let leaseTimer: NodeJS.Timeout | undefined;
  const armLeaseTimer = () => {
    clearTimeout(leaseTimer);
    leaseTimer = setTimeout(() => {
      log.warn('no successful heartbeat for the whole lease: lease lost, stopping the job');
      abort(new JobAborted('lease-lost'));
    }, Math.max(0, validUntil - Date.now()));
  };
  armLeaseTimer();
  /** One heartbeat; true when video-api confirmed the lease. */
  const beat = async (): Promise<boolean> => {
    const sentAt = Date.now();
    try {
      const r = await deps.api.heartbeat(ref.videoId, { taskId: ref.taskId, workerId: ref.workerId, leaseSeconds: deps.leaseSeconds });
      if (r !== 'ok') {
        log.warn('heartbeat refused: lease lost, stopping the job');
        abort(new JobAborted('lease-lost'));
        return false;
      }
      const until = leaseValidUntil(sentAt, deps.leaseSeconds);
      if (until > validUntil) {
        validUntil = until;
        if (!controller.signal.aborted) armLeaseTimer();
      }
      return true;
    } catch (err) {
      if (err instanceof VideoApiConfigError) log.error({ err: err.message }, 'CONFIGURATION ERROR: video-api refused the heartbeat');
      else log.warn({ err: errorMessage(err) }, 'heartbeat failed: video-api unreachable');
      return false;
    }
  };
  const heartbeat = setInterval(() => void beat(), (deps.leaseSeconds * 1000) / 3);
  /** Before a destructive step: a synchronous heartbeat, else the job stops as on a lost lease. */
  const confirmLease = async () => {
    if (await beat()) return;
    log.warn('lease not confirmed before replacing the results: stopping the job');
    abort(new JobAborted('lease-lost'));
    throw controller.signal.reason;
  };
  const leaseUnconfirmed = async (step: string) => {
    if (await beat()) return false;
    log.warn({ step }, 'lease not confirmed before deleting files: dropped, the files are left to the next owner');
    return true;
  };

  const report = throttle<{ phase: ProgressPhase; percent: number }>(
    (progress) => void deps.events.publish(events.progress(ref, progress)).catch((err) => log.warn({ err: errorMessage(err) }, 'progress event not published')),
    deps.progressIntervalMs ?? 1000,
  );

  try {
    await deps.events.publish(events.process(ref));
    let result: StrategyResult;
    try {
      result = await deps.run(
        { source: job.source, basename: job.basename, taskId: job.taskId, preset: job.preset, signal: controller.signal, confirmLease, onProgress: (phase, f) => report({ phase, percent: overallPercent(phase, f) }) },
        log,
      );
    } catch (err) {
      const reason = controller.signal.aborted ? (controller.signal.reason as JobAborted).reason : null;
      if (reason === 'shutdown') {
        // Acked, not nacked: video-api answers `requeued` with a fresh copy of the job (its
        // outbox), so a job preempted by many deploys never reaches the queue's delivery limit.
        // Should the event not reach the broker, the outer catch leaves the delivery to it.
        await deps.events.publish(events.requeued(ref, 'worker shutting down'));
        log.info('shutting down: job handed back to video-api (requeued)');
        return 'ack';
      }
      if (reason === 'lease-lost') return 'ack';
      const message =
        reason === 'timeout'
          ? `transcoding took longer than VIDEO_TRANSCODING_TIMEOUT (${deps.transcodingTimeoutSeconds} s)`
          : err instanceof JobError
            ? err.message
            : `transcoding failed: ${errorMessage(err)}`;
      log.error({ err: errorMessage(err) }, 'job failed');
      if (await leaseUnconfirmed('cleanup after error')) return 'ack';
      await deps.cleanup(job.basename, true).catch((e) => log.error({ err: errorMessage(e) }, 'cleanup after error failed'));
      await deps.events.publish(events.error(ref, message));
      return 'ack';
    }
    if (await leaseUnconfirmed('workspace cleanup')) return 'ack';
    await deps.cleanup(job.basename, false).catch((e) => log.error({ err: errorMessage(e) }, 'workspace cleanup failed'));
    await deps.events.publish(events.done(ref, result.metadata, result.duration));
    log.info({ duration: result.duration }, 'done');
    return 'ack';
  } catch (err) {
    // The outcome could not be reported (broker gone for too long): leave the delivery to the broker.
    log.error({ err: errorMessage(err) }, 'could not report the outcome: delivery left for redelivery');
    return 'requeue';
  } finally {
    clearTimeout(timeout);
    clearInterval(heartbeat);
    clearTimeout(leaseTimer);
    shutdown.removeEventListener('abort', onShutdown);
  }
}
