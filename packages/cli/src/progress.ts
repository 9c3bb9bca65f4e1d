import type { Video, VideoStatus } from '@dvt/contracts';

export const isTerminal = (status: VideoStatus): boolean => status === 'done' || status === 'error';

/** Pure: the label beside the progress bar. */
export function phaseLabel(v: Pick<Video, 'status' | 'progress'>): string {
  if (v.status === 'process') return v.progress ? v.progress.phase : 'starting';
  if (v.status === 'queued') return 'waiting for a worker';
  return v.status;
}
