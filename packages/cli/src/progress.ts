import type { Video, VideoStatus } from '@dvt/contracts';

export const isTerminal = (status: VideoStatus): boolean => status === 'done' || status === 'error';

/** Pure: the label beside the progress bar. */
export function phaseLabel(v: Pick<Video, 'status' | 'progress'>): string {
  if (v.status === 'process') return v.progress ? v.progress.phase : 'starting';
  if (v.status === 'queued') return 'waiting for a worker';
  return v.status;
}

/**
 * Pure: the line a log (not a terminal) gets for an update, or null when nothing worth a
 * line changed: a new phase, or the percent crossing a step of `step`.
 */
export function progressLine(prev: { label: string; percent: number } | null, label: string, percent: number, step = 10): string | null {
  if (prev && prev.label === label && Math.floor(prev.percent / step) === Math.floor(percent / step)) return null;
  return `${label} ${Math.floor(percent)}%`;
}
