import { randomUUID } from 'node:crypto';
import type { PresetSnapshot, VideoCreate, VideoListQuery } from '@dvt/contracts';
import type { Logger } from 'pino';
import type { CatalogClient } from '../clients/catalog.client.js';
import type { ResultsStorage } from '../clients/results.storage.js';
import type { SourcesStorage } from '../clients/sources.storage.js';
import type { Db } from '../db/database.js';
import { deletePendingFor, insertOutbox } from '../db/outbox.repository.js';
import { forgetUpload, uploadInUse } from '../db/upload.repository.js';
import { deleteVideoUnlessProcess, findVideo, insertVideo, listVideos, transition } from '../db/video.repository.js';
import type { VideoRow } from '../db/video.table.js';
import { containsPattern, decodeCursor, encodeCursor } from './cursor.js';
import { ApiError, badRequest, conflict, notFound } from './errors.js';
import { buildJobMessage } from './job.js';
import { decideDelete, decideTranscode } from './lifecycle.js';
import { checkSource, type SourcePolicy } from './source-policy.js';

export interface VideoServiceDeps {
  db: Db;
  catalog: CatalogClient;
  results: ResultsStorage;
  /** where POST /uploads puts sources; an upload goes with the last video that names it */
  sources: Pick<SourcesStorage, 'keyOf' | 'remove'>;
  sourcePolicy: SourcePolicy;
  /** Tells the outbox relay a transaction with outbox rows committed. */
  nudgeRelay(): void;
  logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class VideoService {
  constructor(private readonly d: VideoServiceDeps) {}

  /** Resolves the preset before any write: unknown -> 400 naming `preset`, catalog down -> 503. */
  private async resolvePreset(preset: string): Promise<PresetSnapshot> {
    const found = await this.d.catalog.snapshot(preset);
    if (found.ok) return found.snapshot;
    if (found.kind === 'unknown') throw badRequest(`preset ${JSON.stringify(preset)} is not a known preset name or id`);
    this.d.logger.warn({ reason: found.reason }, 'catalog-api unavailable');
    throw new ApiError(503, `preset cannot be resolved now (${found.reason}); nothing was written, retry later`);
  }

  async create(input: VideoCreate): Promise<VideoRow> {
    const sourceError = await checkSource(input.source, this.d.sourcePolicy);
    if (sourceError) throw badRequest(sourceError);
    const preset = input.preset ?? 'default';
    const base = { id: randomUUID(), source: input.source, basename: randomUUID(), preset };
    if (input.transcode === false) return insertVideo(this.d.db, { ...base, status: 'new', error: null, task_id: null });
    const snapshot = await this.resolvePreset(preset);
    const taskId = randomUUID();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const inserted = await insertVideo(trx, { ...base, status: 'queued', error: null, task_id: taskId, attempt: 1, preset_snapshot: JSON.stringify(snapshot) });
      await insertOutbox(trx, buildJobMessage({ videoId: inserted.id, taskId, source: inserted.source, basename: inserted.basename, preset: snapshot, attempt: 1 }));
      return inserted;
    });
    this.d.nudgeRelay();
    this.d.logger.info({ videoId: row.id, taskId }, 'video created and queued');
    return row;
  }

  async get(id: string): Promise<VideoRow> {
    const row = await findVideo(this.d.db, id);
    if (!row) throw notFound(`video ${id} not found`);
    return row;
  }

  async list(q: VideoListQuery): Promise<{ rows: VideoRow[]; nextCursor: string | null }> {
    const beforeSeq = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (beforeSeq === null) throw badRequest('querystring/cursor is not a cursor this API returned');
    const search = q.search;
    const rows = await listVideos(this.d.db, {
      status: q.status,
      sourcePattern: search === undefined ? undefined : containsPattern(search),
      basename: search !== undefined && UUID.test(search) ? search.toLowerCase() : undefined,
      beforeSeq,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > q.limit && last ? encodeCursor(last.seq) : null };
  }

  /** The transcode action: a new task from new, done or error (one winner among concurrent requests), optionally with another preset. */
  async transcode(id: string, presetOverride?: string): Promise<VideoRow> {
    const current = await this.get(id);
    const allowed = decideTranscode(current.status);
    if (!allowed.ok) throw conflict(allowed.reason);
    // DNS may have changed since the video was created: the source is checked again.
    const sourceError = await checkSource(current.source, this.d.sourcePolicy);
    if (sourceError) throw badRequest(sourceError);
    const preset = presetOverride ?? current.preset;
    const snapshot = await this.resolvePreset(preset);
    const taskId = randomUUID();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const moved = await transition(
        trx,
        { id, from: current.status, to: 'queued' },
        { task_id: taskId, attempt: 1, preset, preset_snapshot: JSON.stringify(snapshot), error: null, metadata: null, duration: null, progress_phase: null, progress_percent: null, worker_id: null, lease_expires_at: null },
      );
      if (!moved) return undefined;
      await insertOutbox(trx, buildJobMessage({ videoId: id, taskId, source: moved.source, basename: moved.basename, preset: snapshot, attempt: 1 }));
      return moved;
    });
    if (!row) {
      const now = await findVideo(this.d.db, id);
      if (!now) throw notFound(`video ${id} not found`);
      throw conflict(`video is ${now.status} (changed concurrently); transcode is allowed only from new, done, error`);
    }
    this.d.nudgeRelay();
    this.d.logger.info({ videoId: id, taskId }, 'video queued for transcoding');
    return row;
  }

  /** Deletes the row (refused while process) and its unsent jobs, then its results and, when no other video names it, its uploaded source. */
  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    const allowed = decideDelete(current.status);
    if (!allowed.ok) throw conflict(allowed.reason);
    const deleted = await this.d.db.transaction().execute(async (trx) => {
      const row = await deleteVideoUnlessProcess(trx, id);
      if (row) await deletePendingFor(trx, id);
      return row;
    });
    if (!deleted) {
      if (await findVideo(this.d.db, id)) throw conflict('video is process (being transcoded); delete it when it is done or error');
      throw notFound(`video ${id} not found`);
    }
    try {
      await this.d.results.remove(deleted.basename);
    } catch (err) {
      this.d.logger.warn({ videoId: id, basename: deleted.basename, err: (err as Error).message }, 'video deleted but its results could not be removed');
    }
    const upload = this.d.sources.keyOf(deleted.source);
    if (!upload) return; // a source elsewhere belongs to whoever published it
    try {
      if (!(await uploadInUse(this.d.db, upload))) {
        await this.d.sources.remove(upload);
        await forgetUpload(this.d.db, upload);
      }
    } catch (err) {
      this.d.logger.warn({ videoId: id, source: deleted.source, err: (err as Error).message }, 'video deleted but its uploaded source could not be removed');
    }
  }
}
