import type { JobMessage } from '@dvt/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { OutboxRow } from './outbox.table.js';
import type { Database } from './schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertOutbox(db: Executor, job: JobMessage): Promise<void> {
  await db.insertInto('outbox').values({ video_id: job.videoId, message_id: job.taskId, payload: JSON.stringify(job) }).execute();
}

/** Pending rows in order, locked; rows another relay holds are skipped, so replicas share the work. */
export async function lockPending(trx: Transaction<Database>, limit: number): Promise<OutboxRow[]> {
  return trx.selectFrom('outbox').selectAll().where('sent_at', 'is', null).orderBy('id').limit(limit).forUpdate().skipLocked().execute();
}

export async function markSent(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ sent_at: sql<Date>`now()` }).where('id', 'in', [...ids]).execute();
}

/** A deleted video's unsent jobs would only be refused by the claim: drop them with it. */
export async function deletePendingFor(db: Executor, videoId: string): Promise<void> {
  await db.deleteFrom('outbox').where('video_id', '=', videoId).where('sent_at', 'is', null).execute();
}

export async function pruneSent(db: Executor, olderThanSeconds: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('sent_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countPending(db: Executor): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
