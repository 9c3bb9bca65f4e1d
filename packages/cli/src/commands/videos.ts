import { VIDEO_STATUSES, type VideoStatus } from '@dvt/contracts';
import type { Client } from '../client.js';
import { videoDetails, videoRows } from '../format.js';

export async function listVideos(api: Client, opts: { status?: string; search?: string; limit?: string }, out: NodeJS.WriteStream): Promise<number> {
  if (opts.status && !VIDEO_STATUSES.includes(opts.status as VideoStatus)) throw new Error(`--status must be one of ${VIDEO_STATUSES.join(', ')}`);
  const page = await api.listVideos({ status: opts.status as VideoStatus | undefined, search: opts.search, limit: opts.limit ? Number(opts.limit) : undefined });
  out.write(`${videoRows(page.items)}\n`);
  if (page.nextCursor) out.write(`(more: --limit to see more)\n`);
  return 0;
}

export async function showVideo(api: Client, id: string, out: NodeJS.WriteStream): Promise<number> {
  out.write(`${videoDetails(await api.getVideo(id))}\n`);
  return 0;
}
