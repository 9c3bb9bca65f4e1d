import { attemptsExhausted, type ClaimRequest, type HeartbeatRequest, type LeaseResponse } from '@dvt/contracts';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { insertOutbox, pruneSent } from '../db/outbox.repository.js';
import { lockExpiredLeases, lockVideo, setLease, transition } from '../db/video.repository.js';
import type { VideoRow } from '../db/video.table.js';
import { ApiError } from './errors.js';
import { buildJobMessage } from './job.js';
import { decideClaim, decideHeartbeat, stateOf } from './lifecycle.js';

export interface LeaseServiceDeps {
  db: Db;
  nudgeRelay(): void;
  logger: Logger;
}

const DEFAULT_LEASE_SECONDS = 60;

const leaseOf = (row: VideoRow, takeover: boolean): LeaseResponse => ({
  videoId: row.id,
  taskId: row.task_id ?? '',
  workerId: row.worker_id ?? '',
  leaseExpiresAt: (row.lease_expires_at ?? new Date()).toISOString(),
  takeover,
});

/** Worker leases: claim, heartbeat, and the sweeper that returns expired ones to the queue. */
export class LeaseService {
  constructor(private readonly d: LeaseServiceDeps) {}

  async claim(id: string, req: ClaimRequest): Promise<LeaseResponse> {
    const seconds = req.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
    return this.d.db.transaction().execute(async (trx) => {
      const { row, now } = await lockVideo(trx, id);
      const decision = decideClaim(stateOf(row), req.taskId, req.workerId, now);
      if (!decision.ok) throw new ApiError(decision.statusCode, decision.reason);
      let updated: VideoRow | undefined;
      if (row?.status === 'queued') {
        updated = await transition(trx, { id, from: 'queued', to: 'process', taskId: req.taskId }, { worker_id: req.workerId, progress_phase: null, progress_percent: null });
      }
      // A new owner reports progress from its own start (which may be behind the old owner's).
      updated = await setLease(trx, id, req.taskId, req.workerId, seconds, decision.takeover);
      if (!updated) throw new Error(`claim of ${id} lost its row inside the transaction`);
      this.d.logger.info({ videoId: id, taskId: req.taskId, workerId: req.workerId, takeover: decision.takeover }, 'video claimed');
      return leaseOf(updated, decision.takeover);
    });
  }

  async heartbeat(id: string, req: HeartbeatRequest): Promise<LeaseResponse> {
    return this.d.db.transaction().execute(async (trx) => {
      const { row } = await lockVideo(trx, id);
      const decision = decideHeartbeat(stateOf(row), req.taskId, req.workerId);
      if (!decision.ok) throw new ApiError(decision.statusCode, decision.reason);
      const updated = await setLease(trx, id, req.taskId, req.workerId, req.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
      if (!updated) throw new Error(`heartbeat of ${id} lost its row inside the transaction`);
      return leaseOf(updated, false);
    });
  }

  /**
   * `process` videos whose lease expired go back to `queued` with a new outbox row
   * (same taskId, attempt + 1), so a SIGKILLed worker's video is transcoded again.
   */
  async sweep(limit = 100): Promise<number> {
    const moved = await this.d.db.transaction().execute(async (trx) => {
      const expired = await lockExpiredLeases(trx, limit);
      const out: VideoRow[] = [];
      for (const row of expired) {
        if (!row.task_id || !row.preset_snapshot) continue;
        const exhausted = attemptsExhausted(row.attempt);
        if (exhausted) {
          const failed = await transition(trx, { id: row.id, from: 'process', to: 'error', taskId: row.task_id }, { error: exhausted, worker_id: null, lease_expires_at: null, progress_phase: null, progress_percent: null });
          if (failed) this.d.logger.warn({ videoId: row.id, taskId: row.task_id, attempt: row.attempt }, 'lease expired on the last attempt: video set to error');
          continue;
        }
        const next = await transition(trx, { id: row.id, from: 'process', to: 'queued', taskId: row.task_id }, { attempt: row.attempt + 1, worker_id: null, lease_expires_at: null, progress_phase: null, progress_percent: null });
        if (!next) continue;
        await insertOutbox(trx, buildJobMessage({ videoId: row.id, taskId: row.task_id, source: row.source, basename: row.basename, preset: row.preset_snapshot, attempt: next.attempt }));
        out.push(next);
      }
      return out;
    });
    for (const row of moved) this.d.logger.warn({ videoId: row.id, taskId: row.task_id, attempt: row.attempt }, 'lease expired: video queued again');
    if (moved.length > 0) this.d.nudgeRelay();
    await pruneSent(this.d.db, 24 * 3600);
    return moved.length;
  }
}

/** Runs the lease sweep every `intervalMs`; a failing sweep is logged and tried again next time. */
export function startSweeper(leases: LeaseService, intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  return startPeriodic('lease sweep', intervalMs, () => leases.sweep(), logger);
}

/** Runs `task` every `intervalMs`, never two at once; a failure is logged and tried again next time. */
export function startPeriodic(what: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(task).catch((err: Error) => logger.warn({ err: err.message }, `${what} failed`));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
