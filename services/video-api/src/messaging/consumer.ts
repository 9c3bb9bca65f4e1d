import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Broker } from './broker.js';

/** What a handler made of a message; the consumer alone maps it to ack or requeue. */
export type Outcome = 'applied' | 'dropped' | 'retry';

export interface ConsumerOptions {
  broker: Broker;
  queue: string;
  prefetch: number;
  logger: Logger;
  handle(msg: ConsumeMessage): Promise<Outcome>;
  /** Delay before a `retry` message goes back to the queue (e.g. while the database is away). */
  retryDelayMs?: number;
}

/**
 * A consumer that re-subscribes on every broker reconnection. `applied` and
 * `dropped` ack (an invalid or stale message is never redelivered, so never a loop);
 * `retry` (an infrastructure failure) requeues after a pause; a handler that throws counts as retry.
 */
export class QueueConsumer {
  private channel: Channel | null = null;
  private tag: string | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly o: ConsumerOptions) {
    o.broker.onConnect((connection) => this.subscribe(connection));
  }

  private async subscribe(connection: ChannelModel): Promise<void> {
    if (this.stopped) return;
    const ch = await connection.createChannel();
    ch.on('error', (err: Error) => this.o.logger.warn({ err: err.message, queue: this.o.queue }, 'amqp consumer channel error'));
    ch.on('close', () => {
      if (this.channel === ch) this.channel = null;
    });
    await ch.prefetch(this.o.prefetch);
    const { consumerTag } = await ch.consume(this.o.queue, (msg) => {
      if (!msg) return; // cancelled by the broker (queue deleted); the next reconnection resubscribes
      const work = this.process(ch, msg);
      this.inflight.add(work);
      void work.finally(() => this.inflight.delete(work));
    });
    this.channel = ch;
    this.tag = consumerTag;
  }

  private async process(ch: Channel, msg: ConsumeMessage): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.o.handle(msg);
    } catch (err) {
      this.o.logger.error({ err: (err as Error).message, queue: this.o.queue }, 'message handling failed; will retry');
      outcome = 'retry';
    }
    try {
      if (outcome === 'retry') {
        await new Promise((resolve) => setTimeout(resolve, this.stopped ? 0 : (this.o.retryDelayMs ?? 1000)));
        ch.nack(msg, false, true);
      } else {
        ch.ack(msg);
      }
    } catch {
      // The channel closed meanwhile: the broker redelivers the message; handlers are idempotent.
    }
  }

  /** Stops taking messages and waits for the ones in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    const ch = this.channel;
    if (ch && this.tag) await ch.cancel(this.tag).catch(() => undefined);
    await Promise.allSettled([...this.inflight]);
    await ch?.close().catch(() => undefined);
    this.channel = null;
  }
}
