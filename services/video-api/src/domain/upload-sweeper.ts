import type { Logger } from 'pino';
import type { SourcesStorage } from '../clients/sources.storage.js';
import type { Db } from '../db/database.js';
import { abandonedUploads, forgetUpload } from '../db/upload.repository.js';

export interface UploadSweepDeps {
  db: Db;
  sources: Pick<SourcesStorage, 'remove'>;
  /** an upload no video names is removed this long after it was made */
  ttlSeconds: number;
  logger: Logger;
}

/** Removes uploads that no video named within UPLOAD_TTL; one that cannot be removed now is tried again next time. */
export async function sweepUploads(d: UploadSweepDeps, limit = 100): Promise<number> {
  let removed = 0;
  for (const key of await abandonedUploads(d.db, d.ttlSeconds, limit)) {
    try {
      await d.sources.remove(key);
      await forgetUpload(d.db, key);
      removed += 1;
    } catch (err) {
      d.logger.warn({ key, err: (err as Error).message }, 'abandoned upload not removed; will try again');
    }
  }
  if (removed > 0) d.logger.info({ removed, ttlSeconds: d.ttlSeconds }, 'uploads no video named within UPLOAD_TTL removed');
  return removed;
}
