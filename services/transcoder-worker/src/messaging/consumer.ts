import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { DEAD_LETTER_BINDING, EVENTS_BINDING, eventRoutingKey, jobQueueArguments, TOPOLOGY_EXCHANGE_TYPE, type BrokerTopology, type WorkerEvent } from '@dvt/contracts';
import type { Logger } from 'pino';
import { errorMessage } from '../domain/errors.js';
import type { Outcome } from '../job/job.handler.js';
import type { EventPublisher } from './events.js';

export interface ConsumerOptions {
  url: string;
  topology: BrokerTopology;
  logger: Logger;
  handle(msg: ConsumeMessage): Promise<Outcome>;
  /** reconnect backoff bounds, ms */
  backoff?: { minMs: number; maxMs: number };
  /** how long a publish waits for the broker to come back, ms */
  publishTimeoutMs?: number;
}

/** Asserts the whole shared topology (either side may start first). */
export async function assertTopology(ch: Channel, t: BrokerTopology): Promise<void> {
  await ch.assertExchange(t.jobExchange, TOPOLOGY_EXCHANGE_TYPE, { durable: true });
  await ch.assertExchange(t.deadLetterExchange, TOPOLOGY_EXCHANGE_TYPE, { durable: true });
  await ch.assertExchange(t.eventsExchange, TOPOLOGY_EXCHANGE_TYPE, { durable: true });
  await ch.assertQueue(t.jobQueue, { durable: true, arguments: jobQueueArguments(t) });
  await ch.bindQueue(t.jobQueue, t.jobExchange, t.routingKey);
  await ch.assertQueue(t.deadLetterQueue, { durable: true });
  await ch.bindQueue(t.deadLetterQueue, t.deadLetterExchange, DEAD_LETTER_BINDING);
  await ch.assertQueue(t.eventsQueue, { durable: true });
  await ch.bindQueue(t.eventsQueue, t.eventsExchange, EVENTS_BINDING);
}

// Unref'd: a pending backoff never keeps a stopped process alive.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

/**
 * The job consumer and event publisher over one connection that heals itself:
 * prefetch 1, manual ack after the handler's outcome, events on a confirm
 * channel. A closed consume channel (broker cancel, consumer_timeout, queue
 * deleted) or a lost connection is reopened with backoff; a new consume channel
 * is opened only when no job is running, so this process never runs two jobs.
 * A delivery whose channel died is not acked: the broker has requeued it, and
 * the copy fails its claim while our lease lives.
 */
export class JobConsumer implements EventPublisher {
  private conn: ChannelModel | null = null;
  private pub: ConfirmChannel | null = null;
  private sub: Channel | null = null;
  private consumerTag: string | null = null;
  private busy: Promise<void> | null = null;
  private stopping = false;
  private connecting: Promise<void> | null = null;
  private reopening = false;
  private waiters: (() => void)[] = [];
  private readonly log: Logger;

  constructor(private readonly o: ConsumerOptions) {
    this.log = o.logger.child({ component: 'amqp' });
  }

  /** Resolves once connected and consuming; keeps retrying (with logs) until then. */
  start(): Promise<void> {
    return this.ensureConnected();
  }

  private ensureConnected(): Promise<void> {
    this.connecting ??= this.connectLoop().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connectLoop(): Promise<void> {
    const { minMs, maxMs } = this.o.backoff ?? { minMs: 500, maxMs: 30_000 };
    for (let attempt = 0; !this.stopping; attempt += 1) {
      try {
        await this.connectOnce();
        return;
      } catch (err) {
        const wait = Math.min(maxMs, minMs * 2 ** attempt) * (0.75 + Math.random() / 2);
        this.log.warn({ err: errorMessage(err), attempt: attempt + 1, retryInMs: Math.round(wait) }, 'broker unreachable, retrying');
        await this.conn?.close().catch(() => undefined);
        this.conn = null;
        await sleep(wait);
      }
    }
  }

  private async connectOnce(): Promise<void> {
    const conn = await amqp.connect(this.o.url, { timeout: 5000 });
    if (this.stopping) {
      await conn.close().catch(() => undefined);
      return;
    }
    this.conn = conn;
    conn.on('error', (err: Error) => this.log.warn({ err: err.message }, 'connection error'));
    conn.on('close', () => {
      if (this.conn !== conn) return;
      this.conn = this.pub = this.sub = null;
      if (!this.stopping) {
        this.log.warn('connection closed, reconnecting');
        void this.ensureConnected();
      }
    });
    const pub = await conn.createConfirmChannel();
    pub.on('error', (err: Error) => this.log.warn({ err: err.message }, 'publish channel error'));
    pub.on('close', () => {
      if (this.pub === pub) this.pub = null;
    });
    await assertTopology(pub, this.o.topology);
    this.pub = pub;
    this.waiters.splice(0).forEach((w) => w());
    this.log.info('connected to the broker');
    // Consume right away when idle; mid-job (a reconnect) only once the job has settled.
    if (this.busy) void this.retryReopen();
    else await this.reopenConsumer();
  }

  /** Opens a consume channel once the running job (if any) has finished. */
  private async reopenConsumer(): Promise<void> {
    if (this.reopening) return;
    this.reopening = true;
    try {
      while (this.busy) await this.busy;
      if (this.stopping || !this.conn || this.sub) return;
      const conn = this.conn;
      const ch = await conn.createChannel();
      ch.on('error', (err: Error) => this.log.warn({ err: err.message }, 'consume channel error'));
      if (this.stopping) {
        await ch.close().catch(() => undefined);
        return;
      }
      ch.on('close', () => {
        if (this.sub !== ch) return;
        this.sub = this.consumerTag = null;
        if (!this.stopping && this.conn === conn) {
          this.log.warn('consume channel closed, reopening');
          void this.retryReopen();
        }
      });
      await assertTopology(ch, this.o.topology);
      await ch.prefetch(1);
      this.sub = ch;
      const { consumerTag } = await ch.consume(this.o.topology.jobQueue, (msg) => this.onDelivery(ch, msg), { noAck: false });
      this.consumerTag = consumerTag;
      this.log.info({ queue: this.o.topology.jobQueue }, 'consuming');
    } finally {
      this.reopening = false;
    }
  }

  private async retryReopen(): Promise<void> {
    for (let attempt = 0; !this.stopping && this.conn && !this.sub; attempt += 1) {
      try {
        await this.reopenConsumer();
        return;
      } catch (err) {
        this.log.warn({ err: errorMessage(err) }, 'could not reopen the consumer, retrying');
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
  }

  private onDelivery(ch: Channel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled us (queue deleted, node shutdown): start again on a fresh channel.
      this.log.warn('consumer cancelled by the broker');
      if (this.sub === ch) {
        this.sub = this.consumerTag = null;
        ch.close().catch(() => undefined);
        if (!this.stopping) void this.retryReopen();
      }
      return;
    }
    this.busy = (async () => {
      let outcome: Outcome;
      try {
        outcome = await this.o.handle(msg);
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'handler failed unexpectedly: requeue');
        outcome = 'requeue';
      }
      this.settle(ch, msg, outcome);
    })().finally(() => {
      this.busy = null;
    });
  }

  private settle(ch: Channel, msg: ConsumeMessage, outcome: Outcome): void {
    if (this.sub !== ch) {
      this.log.warn({ outcome }, 'the delivering channel is gone; the broker has requeued the message');
      if (!this.stopping) void this.retryReopen();
      return;
    }
    try {
      if (outcome === 'ack') ch.ack(msg);
      else ch.nack(msg, false, outcome === 'requeue');
    } catch (err) {
      this.log.warn({ err: errorMessage(err), outcome }, 'could not settle the delivery');
    }
  }

  private async publishChannel(deadline: number): Promise<ConfirmChannel> {
    while (!this.pub) {
      if (Date.now() > deadline) throw new Error('broker unavailable: event not published');
      if (this.conn && !this.connecting) {
        // The connection lives but the publish channel died (e.g. a refused publish): open another.
        const pub = await this.conn.createConfirmChannel();
        pub.on('error', (err: Error) => this.log.warn({ err: err.message }, 'publish channel error'));
        pub.on('close', () => {
          if (this.pub === pub) this.pub = null;
        });
        this.pub = pub;
        break;
      }
      void this.ensureConnected();
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), sleep(1000)]);
    }
    return this.pub;
  }

  async publish(event: WorkerEvent): Promise<void> {
    const deadline = Date.now() + (this.o.publishTimeoutMs ?? 120_000);
    for (;;) {
      try {
        const ch = await this.publishChannel(deadline);
        await new Promise<void>((resolve, reject) => {
          ch.publish(this.o.topology.eventsExchange, eventRoutingKey(event.type), Buffer.from(JSON.stringify(event)), {
            persistent: true,
            contentType: 'application/json',
            type: event.type,
            timestamp: Math.floor(Date.now() / 1000),
          }, (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
        });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        this.log.warn({ err: errorMessage(err), type: event.type }, 'event publish failed, retrying');
        await sleep(500);
      }
    }
  }

  /** Stops taking deliveries (the running job keeps its delivery until it settles). */
  async cancel(): Promise<void> {
    this.stopping = true;
    if (this.sub && this.consumerTag) await this.sub.cancel(this.consumerTag).catch(() => undefined);
  }

  /** Cancel, wait for the running job's outcome to settle, then close. */
  async stop(): Promise<void> {
    await this.cancel();
    if (this.busy) await this.busy;
    await this.sub?.close().catch(() => undefined);
    await this.pub?.close().catch(() => undefined);
    const conn = this.conn;
    this.conn = null;
    await conn?.close().catch(() => undefined);
  }
}
