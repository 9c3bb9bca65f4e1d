import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PresetSnapshot, ProgressPhase, VideoStatus } from '@dvt/contracts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface VideoTable {
  id: string;
  /** Insertion order, for stable cursor pagination. */
  seq: Generated<string>;
  source: string;
  status: VideoStatus;
  error: string | null;
  task_id: string | null;
  basename: string;
  preset: string;
  /** The preset frozen for the current task (what its job messages carry). */
  preset_snapshot: ColumnType<PresetSnapshot | null, string | null | undefined, string | null>;
  metadata: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  duration: number | null;
  progress_phase: ProgressPhase | null;
  progress_percent: number | null;
  /** How many times the current task was queued (JobMessage.attempt of its last publish). */
  attempt: Generated<number>;
  worker_id: string | null;
  lease_expires_at: Date | null;
  created_at: Timestamp;
  modified_at: Timestamp;
}

export type VideoRow = Selectable<VideoTable>;
export type NewVideoRow = Insertable<VideoTable>;
export type VideoRowUpdate = Updateable<VideoTable>;
