import { canTransition, type ProgressPhase, type VideoStatus } from '@dvt/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { NewVideoRow, VideoRow, VideoRowUpdate } from './video.table.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertVideo(db: Executor, row: NewVideoRow): Promise<VideoRow> {
  return db.insertInto('videos').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findVideo(db: Executor, id: string): Promise<VideoRow | undefined> {
  return db.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row locked for a decision, with the database clock (leases use it, never the app's). */
export async function lockVideo(trx: Transaction<Database>, id: string): Promise<{ row: VideoRow | undefined; now: Date }> {
  const row = await trx.selectFrom('videos').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  const { now } = await sql<{ now: Date }>`select now() as now`.execute(trx).then((r) => r.rows[0] ?? { now: new Date() });
  return { row, now };
}

export interface ListFilter {
  status?: VideoStatus;
  /** Substring of the source (case-insensitive) or the exact basename. */
  sourcePattern?: string;
  basename?: string;
  beforeSeq?: string;
  limit: number;
}

export async function listVideos(db: Executor, f: ListFilter): Promise<VideoRow[]> {
  let q = db.selectFrom('videos').selectAll().orderBy('seq', 'desc').limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq);
  if (f.sourcePattern !== undefined) {
    const pattern = f.sourcePattern;
    const basename = f.basename;
    q = q.where((eb) => {
      const bySource = eb('source', 'ilike', pattern);
      return basename ? eb.or([bySource, eb('basename', '=', basename)]) : bySource;
    });
  }
  return q.execute();
}

export interface TransitionWhere {
  id: string;
  from: VideoStatus;
  to: VideoStatus;
  /** Required for every worker-driven move: only the current task may move the video. */
  taskId?: string;
}

/**
 * Every status change: a conditional UPDATE that matches only when the video is
 * still in `from` (and on `taskId`), so a concurrent or replayed change is a no-op.
 */
export async function transition(db: Executor, where: TransitionWhere, set: Omit<VideoRowUpdate, 'status' | 'modified_at'>): Promise<VideoRow | undefined> {
  if (!canTransition(where.from, where.to)) throw new Error(`illegal transition ${where.from} -> ${where.to}`);
  let q = db
    .updateTable('videos')
    .set({ ...set, status: where.to, modified_at: sql<Date>`now()` })
    .where('id', '=', where.id)
    .where('status', '=', where.from);
  if (where.taskId !== undefined) q = q.where('task_id', '=', where.taskId);
  return q.returningAll().executeTakeFirst();
}

/** Progress of the current task, only while process and only forward. */
export async function updateProgress(db: Executor, id: string, taskId: string, phase: ProgressPhase, percent: number): Promise<VideoRow | undefined> {
  return db
    .updateTable('videos')
    .set({ progress_phase: phase, progress_percent: percent, modified_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'process')
    .where('task_id', '=', taskId)
    .where((eb) => eb.or([eb('progress_percent', 'is', null), eb('progress_percent', '<', percent)]))
    .returningAll()
    .executeTakeFirst();
}

/** Lease change without a status change (claim replay, take-over, heartbeat); a take-over restarts progress. */
export async function setLease(db: Executor, id: string, taskId: string, workerId: string, leaseSeconds: number, resetProgress = false): Promise<VideoRow | undefined> {
  const progress = resetProgress ? { progress_phase: null, progress_percent: null } : {};
  return db
    .updateTable('videos')
    .set({ ...progress, worker_id: workerId, lease_expires_at: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`, modified_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'process')
    .where('task_id', '=', taskId)
    .returningAll()
    .executeTakeFirst();
}

/** The system transition for dead-lettered jobs (see DEAD_LETTER_FROM). */
export async function failDeadLettered(db: Executor, id: string, taskId: string, from: readonly VideoStatus[], error: string): Promise<VideoRow | undefined> {
  return db
    .updateTable('videos')
    .set({ status: 'error', error, worker_id: null, lease_expires_at: null, progress_phase: null, progress_percent: null, modified_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('task_id', '=', taskId)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
}

/** Locks `process` videos whose lease has expired (skipping rows another replica is sweeping). */
export async function lockExpiredLeases(trx: Transaction<Database>, limit: number): Promise<VideoRow[]> {
  return trx
    .selectFrom('videos')
    .selectAll()
    .where('status', '=', 'process')
    .where('lease_expires_at', '<', sql<Date>`now()`)
    .orderBy('lease_expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Deletes a video unless it is process; returns the deleted row. */
export async function deleteVideoUnlessProcess(db: Executor, id: string): Promise<VideoRow | undefined> {
  return db.deleteFrom('videos').where('id', '=', id).where('status', '<>', 'process').returningAll().executeTakeFirst();
}
