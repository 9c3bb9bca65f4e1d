import type { OutboxTable } from './outbox.table.js';
import type { UploadTable } from './upload.table.js';
import type { VideoTable } from './video.table.js';

export interface Database {
  videos: VideoTable;
  outbox: OutboxTable;
  uploads: UploadTable;
}
