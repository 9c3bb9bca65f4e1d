import { JOB_MESSAGE_VERSION, type JobMessage, type PresetSnapshot } from '@dvt/contracts';

export interface JobInput {
  videoId: string;
  taskId: string;
  source: string;
  basename: string;
  preset: PresetSnapshot;
  attempt: number;
}

/** Pure: the self-contained job message for one queueing of a task. */
export const buildJobMessage = (job: JobInput): JobMessage => ({
  version: JOB_MESSAGE_VERSION,
  taskId: job.taskId,
  videoId: job.videoId,
  source: job.source,
  basename: job.basename,
  preset: job.preset,
  attempt: job.attempt,
});
