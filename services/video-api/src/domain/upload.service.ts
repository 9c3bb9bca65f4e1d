import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { SourcesStorage } from '../clients/sources.storage.js';
import { ApiError } from './errors.js';
import type { MediaKind } from './media-probe.js';

export interface UploadDeps {
  storage: SourcesStorage;
  /** remembers a stored upload (for the sweep of uploads no video names) */
  record(key: string): Promise<void>;
  probe(target: { input: string; protocols: string }): Promise<MediaKind>;
  maxBytes: number;
  logger: Logger;
}

/**
 * Pure: the storage key of an upload, `{uuid}-{name}.{ext}`. Of the user's file name only
 * a lowercase slug of its stem (so `?search=` finds the video by the name the user knows)
 * and a short alphanumeric extension survive: nothing that could leave the directory.
 */
export function uploadKey(filename: string, id: string = randomUUID()): string {
  const match = /^(.*?)(?:\.([a-z0-9]{1,8}))?$/i.exec(filename);
  const ext = match?.[2]?.toLowerCase();
  const slug = (match?.[1] ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: é -> e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${id}${slug ? `-${slug}` : ''}${ext ? `.${ext}` : ''}`;
}

class TooLarge extends Error {}

/** Counts bytes as they stream through and fails the stream past `max`. */
function limit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new TooLarge(`upload is larger than MAX_UPLOAD_BYTES (${max} bytes)`));
      else done(null, chunk);
    },
  });
}

export class UploadService {
  constructor(private readonly d: UploadDeps) {}

  /** Streams the body to the sources storage, then checks with ffprobe that it is media; not media -> 400 and nothing kept. */
  async upload(filename: string, body: Readable, declaredSize?: number): Promise<{ source: string }> {
    if (declaredSize !== undefined && declaredSize > this.d.maxBytes) throw new ApiError(413, `upload is larger than MAX_UPLOAD_BYTES (${declaredSize} > ${this.d.maxBytes} bytes)`);
    const key = uploadKey(filename);
    const counted = body.pipe(limit(this.d.maxBytes));
    body.once('error', (err) => counted.destroy(err));
    try {
      await this.d.storage.put(key, counted, declaredSize);
    } catch (err) {
      if (err instanceof TooLarge) throw new ApiError(413, err.message);
      if (body.destroyed && !body.readableEnded) throw new ApiError(400, 'the upload was interrupted before the body ended');
      this.d.logger.error({ err, key }, 'storing an upload failed');
      throw new ApiError(503, 'the sources storage is unavailable; try again later');
    }
    const kind = await this.d.probe(this.d.storage.probeTarget(key));
    if (!kind.ok) {
      await this.d.storage.remove(key).catch((err: unknown) => this.d.logger.warn({ err, key }, 'could not remove a rejected upload'));
      throw new ApiError(400, `body is not media: ${kind.reason} (file ${JSON.stringify(filename)})`);
    }
    try {
      await this.d.record(key);
    } catch (err) {
      await this.d.storage.remove(key).catch(() => undefined);
      this.d.logger.error({ err, key }, 'recording an upload failed');
      throw new ApiError(503, 'the database is unavailable; nothing was kept, try again later');
    }
    this.d.logger.info({ key, streams: kind.streams }, 'upload stored');
    return { source: this.d.storage.sourceUrl(key) };
  }
}
