import type { Progress, VideoStatus } from '@dvt/contracts';

const LABELS: Record<VideoStatus, { icon: string; text: string }> = {
  new: { icon: '○', text: 'New' },
  queued: { icon: '…', text: 'Queued' },
  process: { icon: '▶', text: 'Processing' },
  done: { icon: '✓', text: 'Done' },
  error: { icon: '✕', text: 'Error' },
};

/** Status as words (and an icon); color only reinforces it. */
export function StatusBadge({ status, progress }: { status: VideoStatus; progress?: Progress | null }) {
  const { icon, text } = LABELS[status];
  const extra = status === 'process' && progress ? ` · ${progress.phase} ${Math.floor(progress.percent)}%` : '';
  return (
    <span class={`badge badge--${status}`} data-status={status}>
      <span aria-hidden="true">{icon} </span>
      {text}
      {extra}
    </span>
  );
}
