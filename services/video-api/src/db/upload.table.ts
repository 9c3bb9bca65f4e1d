import type { ColumnType } from 'kysely';

export interface UploadTable {
  key: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
