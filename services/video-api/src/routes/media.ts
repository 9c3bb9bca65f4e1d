import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

/** Serves file:// storages at /media/results/ and /media/sources/ (the one-machine edge). */
export async function mediaRoutes(app: FastifyInstance, storages: { results: URL; sources: URL }): Promise<void> {
  let decorate = true;
  for (const [name, uri] of Object.entries(storages)) {
    if (uri.protocol !== 'file:') continue;
    await app.register(fastifyStatic, {
      root: fileURLToPath(uri),
      prefix: `/media/${name}/`,
      decorateReply: decorate,
      index: false,
      list: false,
      setHeaders(res, filePath: string) {
        const ext = /\.[a-z0-9]+$/i.exec(filePath)?.[0]?.toLowerCase() ?? '';
        const type = CONTENT_TYPES[ext];
        if (type) res.setHeader('content-type', type);
        // Playlists change while a job runs; segments never do.
        res.setHeader('cache-control', ext === '.m3u8' ? 'no-cache' : 'public, max-age=86400');
      },
    });
    decorate = false;
  }
}
