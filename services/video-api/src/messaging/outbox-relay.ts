import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { lockPending, markSent } from '../db/outbox.repository.js';
import type { Broker } from './broker.js';

export interface RelayOptions {
  db: Db;
  broker: Broker;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  confirmTimeoutMs?: number;
  /** Batches in flight at once (each locks its own rows with SKIP LOCKED). */
  concurrency?: number;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/**
 * Transactional outbox relay. Pending rows are locked (FOR UPDATE SKIP LOCKED, so
 * replicas share the work), published with publisher confirms, and marked sent in
 * the same transaction; if the broker fails, the transaction rolls back and the rows
 * wait for the next run. Runs on nudge() (after each commit), on reconnection and on
 * a poll. Only committed rows are visible, so a rolled-back transaction publishes nothing.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<void>>();
  private again = false;
  private stopped = true;
  private lastFailure = '';
  private readonly onConnected = () => this.nudge();

  constructor(private readonly o: RelayOptions) {}

  start(): void {
    this.stopped = false;
    this.o.broker.on('connected', this.onConnected);
    this.timer = setInterval(() => this.nudge(), this.o.pollMs ?? 1000);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a run now; past the concurrency limit it coalesces with the runs in progress. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running.size >= (this.o.concurrency ?? 2)) {
      this.again = true;
      return;
    }
    const run: Promise<void> = this.drain().finally(() => {
      this.running.delete(run);
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
    this.running.add(run);
  }

  private async drain(): Promise<void> {
    const batch = this.o.batchSize ?? 200;
    try {
      let published: number;
      do published = await this.publishBatch(batch);
      while (published === batch);
      this.lastFailure = '';
    } catch (err) {
      const message = (err as Error).message;
      // Once per distinct failure, not once per poll while the broker is away.
      if (message !== this.lastFailure) this.o.logger.warn({ err: message }, 'outbox relay: publish failed; rows stay pending');
      this.lastFailure = message;
      this.again = false;
    }
  }

  /** Publishes one batch; returns how many rows went out (0 when disconnected or nothing is pending). */
  async publishBatch(limit: number): Promise<number> {
    const channel = this.o.broker.confirmChannel();
    if (!channel) return 0;
    const { jobExchange, routingKey } = this.o.broker.topology;
    return this.o.db.transaction().execute(async (trx) => {
      const rows = await lockPending(trx, limit);
      if (rows.length === 0) return 0;
      // One confirm per message (not waitForConfirms, which would wait for other batches too).
      const confirms = rows.map(
        (row) =>
          new Promise<void>((resolve, reject) => {
            const options = { persistent: true, contentType: 'application/json', messageId: row.message_id, type: 'job' };
            channel.publish(jobExchange, routingKey, Buffer.from(JSON.stringify(row.payload)), options, (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
          }),
      );
      await withTimeout(Promise.all(confirms), this.o.confirmTimeoutMs ?? 10_000, 'publisher confirms');
      await markSent(trx, rows.map((r) => r.id));
      this.o.logger.debug({ count: rows.length }, 'outbox relay: published');
      return rows.length;
    });
  }

  /** Stops polling and lets the run in progress finish, then tries one last flush. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.o.broker.off('connected', this.onConnected);
    this.stopped = true;
    await Promise.all([...this.running]);
    await this.drain();
  }
}
