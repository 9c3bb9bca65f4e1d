import { EventEmitter } from 'node:events';
import type { BrokerTopology } from '@dvt/contracts';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import { assertTopology } from './topology.js';

/** Runs on every (re)connection, e.g. to start a consumer on a fresh channel. */
export type OnConnect = (connection: ChannelModel) => Promise<void>;

export interface BrokerOptions {
  url: string;
  topology: BrokerTopology;
  logger: Logger;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Pure: exponential backoff with a ceiling. */
export const backoffDelay = (attempt: number, minMs: number, maxMs: number): number => Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));

const withHeartbeat = (url: string): string => (/[?&]heartbeat=/.test(url) ? url : `${url}${url.includes('?') ? '&' : '?'}heartbeat=10`);

/**
 * One AMQP connection that keeps coming back: connects with backoff, asserts the
 * topology, opens the publisher's confirm channel, runs the registered setups, and
 * starts over whenever the connection or a channel breaks. Every 'error' event has
 * a listener, so a broker going away is logged, never a crash.
 * Emits 'connected' after each successful (re)connection.
 */
export class Broker extends EventEmitter {
  private connection: ChannelModel | null = null;
  private publisher: ConfirmChannel | null = null;
  private readonly setups: OnConnect[] = [];
  private closing = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly o: BrokerOptions) {
    super();
    this.on('error', () => undefined);
  }

  get topology(): BrokerTopology {
    return this.o.topology;
  }

  isConnected(): boolean {
    return this.publisher !== null;
  }

  /** The confirm channel to publish on, or null while disconnected. */
  confirmChannel(): ConfirmChannel | null {
    return this.publisher;
  }

  onConnect(setup: OnConnect): void {
    this.setups.push(setup);
  }

  start(): void {
    this.closing = false;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.closing || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connecting = this.connect().finally(() => (this.connecting = null));
    }, delayMs);
  }

  private async connect(): Promise<void> {
    const log = this.o.logger;
    let connection: ChannelModel | null = null;
    try {
      connection = await amqp.connect(withHeartbeat(this.o.url), { timeout: 3000 });
      connection.on('error', (err: Error) => log.warn({ err: err.message }, 'amqp connection error'));
      connection.on('close', () => this.lost(connection));
      const channel = await connection.createConfirmChannel();
      channel.on('error', (err: Error) => log.warn({ err: err.message }, 'amqp publisher channel error'));
      // A channel closed by the broker (say a precondition) leaves the connection up: start over whole.
      channel.on('close', () => void connection?.close().catch(() => undefined));
      await assertTopology(channel, this.o.topology);
      for (const setup of this.setups) await setup(connection);
      if (this.closing) {
        await connection.close().catch(() => undefined);
        return;
      }
      this.connection = connection;
      this.publisher = channel;
      this.attempt = 0;
      log.info('amqp connected, topology asserted');
      this.emit('connected');
    } catch (err) {
      const delay = backoffDelay(this.attempt++, this.o.minDelayMs ?? 200, this.o.maxDelayMs ?? 5000);
      log.warn({ err: (err as Error).message, retryInMs: delay }, 'amqp connect failed');
      await connection?.close().catch(() => undefined);
      this.schedule(delay);
    }
  }

  private lost(connection: ChannelModel | null): void {
    // During connect() the failure is handled (and retried) there.
    if (connection === null || this.connection !== connection) return;
    const wasUp = this.publisher !== null;
    this.connection = null;
    this.publisher = null;
    if (this.closing) return;
    if (wasUp) this.o.logger.warn('amqp connection lost; reconnecting');
    this.schedule(backoffDelay(this.attempt++, this.o.minDelayMs ?? 200, this.o.maxDelayMs ?? 5000));
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.connecting?.catch(() => undefined);
    const connection = this.connection;
    this.connection = null;
    this.publisher = null;
    await connection?.close().catch(() => undefined);
  }
}
