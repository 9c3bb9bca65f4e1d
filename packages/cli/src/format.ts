import type { Preset, Video } from '@dvt/contracts';

/** Pure: a plain-text table with columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export const videoRows = (videos: Video[]) =>
  table(
    ['ID', 'STATUS', 'PROGRESS', 'PRESET', 'SOURCE'],
    videos.map((v) => [v.id, v.status, progressText(v), v.preset, v.source]),
  );

export const presetRows = (presets: Preset[]) => table(['ID', 'NAME', 'MODIFIED'], presets.map((p) => [p.id, p.name, p.modifiedAt]));

/** Pure: what a person reads about where a video is. */
export function progressText(v: Pick<Video, 'status' | 'progress'>): string {
  if (v.status === 'process' && v.progress) return `${v.progress.phase} ${v.progress.percent.toFixed(0)}%`;
  if (v.status === 'done') return '100%';
  return '-';
}

export function videoDetails(v: Video): string {
  const rows: [string, string][] = [
    ['id', v.id],
    ['status', v.status],
    ['progress', progressText(v)],
    ['source', v.source],
    ['preset', v.preset],
    ['basename', v.basename],
    ['duration', v.duration === null ? '-' : `${v.duration.toFixed(2)} s`],
    ['created', v.createdAt],
    ['modified', v.modifiedAt],
    ['playback', v.playback?.hls ?? '-'],
  ];
  if (v.error) rows.push(['error', v.error]);
  return rows.map(([k, val]) => `${k.padEnd(10)} ${val}`).join('\n');
}
