import { JOB_DELIVERY_LIMIT, parseJobMessage, peekJobIds } from '@dvt/contracts';
import type { ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { failDeadLettered } from '../db/video.repository.js';
import { DEAD_LETTER_FROM } from '../domain/lifecycle.js';
import type { Outcome } from './consumer.js';

interface XDeath {
  count?: number;
  reason?: string;
  queue?: string;
}

/**
 * Pure: how many times the job was delivered and why it died, from the broker's
 * headers. A quorum queue dead-letters on delivery_limit after JOB_DELIVERY_LIMIT
 * redeliveries (RabbitMQ 3.10 sets no x-delivery-count on the dead letter, so the
 * limit is the count); a rejection counts the x-delivery-count it saw, if any, plus one.
 */
export function deathOf(headers: Record<string, unknown> | undefined, deliveryLimit = JOB_DELIVERY_LIMIT): { deliveries: number; reason: string } {
  const deaths = Array.isArray(headers?.['x-death']) ? (headers['x-death'] as XDeath[]) : [];
  const reason = deaths[0]?.reason ?? String(headers?.['x-first-death-reason'] ?? 'dead-lettered');
  const seen = Number(headers?.['x-delivery-count'] ?? 0);
  const redelivered = Number.isInteger(seen) && seen > 0 ? seen : 0;
  if (reason === 'delivery_limit') return { deliveries: Math.max(redelivered, deliveryLimit) + 1, reason: 'delivery limit reached' };
  if (reason === 'rejected') return { deliveries: redelivered + 1, reason: 'rejected by a worker' };
  return { deliveries: redelivered + 1, reason };
}

/** Pure: the error stored on the video. */
export function deadLetterError(msg: { content: Buffer; headers?: Record<string, unknown> }): string {
  const { deliveries, reason } = deathOf(msg.headers);
  const parsed = parseJobMessage(msg.content);
  const detail = parsed.ok ? reason : `${reason}; ${parsed.error}`;
  return `job dead-lettered after ${deliveries} deliver${deliveries === 1 ? 'y' : 'ies'}: ${detail}`;
}

/**
 * A dead-lettered job ends its video in `error` (the system transition
 * DEAD_LETTER_FROM -> error) when its ids can be read and it is still the video's
 * current task; otherwise it is only logged. Either way it is acked: never a loop.
 */
export async function handleDeadLetter(db: Db, msg: ConsumeMessage, logger: Logger): Promise<Outcome> {
  const ids = peekJobIds(msg.content);
  const error = deadLetterError({ content: msg.content, headers: msg.properties.headers });
  if (!ids) {
    logger.warn({ error, body: msg.content.toString('utf8').slice(0, 500) }, 'dead-lettered job without readable ids dropped');
    return 'dropped';
  }
  const log = logger.child(ids);
  const row = await failDeadLettered(db, ids.videoId, ids.taskId, DEAD_LETTER_FROM, error);
  if (!row) {
    log.info({ error }, 'dead-lettered job is not the current queued/process task; dropped');
    return 'dropped';
  }
  log.warn({ error, headers: msg.properties.headers }, 'dead-lettered job: video set to error');
  return 'applied';
}
