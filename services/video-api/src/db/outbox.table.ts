import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface OutboxTable {
  id: Generated<string>;
  video_id: string;
  /** AMQP messageId (the job's taskId). */
  message_id: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
