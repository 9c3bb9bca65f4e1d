import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { requireService, testAmqpUrl } from './endpoints.js';

export interface TestBroker {
  url: string;
  connection: ChannelModel;
  /** A name unique to this test file (and call), for exchanges and queues. */
  name(base: string): string;
  /** Deletes every exchange and queue handed out by `name()` and closes the connection. */
  close(): Promise<void>;
}

export async function createTestBroker(): Promise<TestBroker> {
  const url = testAmqpUrl();
  await requireService('RabbitMQ', url);
  const connection = await amqp.connect(url, { timeout: 3000 });
  const names: string[] = [];
  const run = randomBytes(4).toString('hex');
  return {
    url,
    connection,
    name(base) {
      const n = `test.${base}.${process.pid}.${run}.${names.length}`;
      names.push(n);
      return n;
    },
    async close() {
      const ch = await connection.createChannel();
      ch.on('error', () => undefined);
      for (const n of names) {
        // Each name may be a queue, an exchange or neither; deleting a missing one is fine.
        await ch.deleteQueue(n).catch(() => undefined);
        await ch.deleteExchange(n).catch(() => undefined);
      }
      await ch.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}
