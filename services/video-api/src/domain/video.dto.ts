import type { Video } from '@dvt/contracts';
import type { VideoRow } from '../db/video.table.js';

export interface PlaybackConfig {
  edges: readonly string[];
  videoUrl: string;
}

/** Chooses the edge for one response; random spreads players over the edges. */
export type EdgePicker = (edges: readonly string[]) => string;
export const randomEdge: EdgePicker = (edges) => edges[Math.floor(Math.random() * edges.length)] ?? edges[0] ?? '';

export const playbackUrl = (template: string, edge: string, basename: string): string =>
  template.replaceAll('{edge}', edge).replaceAll('{filename}', basename);

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/** Pure: a row as the public Video DTO (DESIGN section 5). */
export function toVideoDto(row: VideoRow, playback: PlaybackConfig, pickEdge: EdgePicker = randomEdge): Video {
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    error: row.error,
    taskId: row.task_id,
    basename: row.basename,
    preset: row.preset,
    metadata: row.metadata,
    duration: row.duration,
    progress: row.progress_phase !== null && row.progress_percent !== null ? { phase: row.progress_phase, percent: row.progress_percent } : null,
    createdAt: iso(row.created_at),
    modifiedAt: iso(row.modified_at),
    playback:
      row.status === 'done'
        ? {
            hls: playbackUrl(playback.videoUrl, pickEdge(playback.edges), row.basename),
            edges: playback.edges.map((edge) => playbackUrl(playback.videoUrl, edge, row.basename)),
          }
        : null,
  };
}
