import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, parseJobMessage, type JobMessage } from '@dvt/contracts';
import type { ConfirmChannel } from 'amqplib';
import { createTestBroker, type TestBroker } from '../src/index.js';

describe('RabbitMQ harness', () => {
  let broker: TestBroker;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    broker = await createTestBroker();
    channel = await broker.connection.createConfirmChannel();
  });
  afterAll(async () => {
    await channel?.close();
    await broker?.close();
  });

  it('publishes a job message with a confirm, consumes it and acks it', async () => {
    const exchange = broker.name('jobs');
    const queue = broker.name('jobs');
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(queue, exchange, 'video_transcoding');

    const job: JobMessage = {
      version: 1,
      taskId: crypto.randomUUID(),
      videoId: crypto.randomUUID(),
      source: 'http://127.0.0.1/source.mp4',
      basename: crypto.randomUUID(),
      preset: DEFAULT_PRESET,
      attempt: 1,
    };
    const confirmed = new Promise<void>((resolve, reject) =>
      channel.publish(exchange, 'video_transcoding', Buffer.from(JSON.stringify(job)), { persistent: true, contentType: 'application/json' }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    await confirmed;

    const received = await new Promise<JobMessage>((resolve, reject) => {
      void channel.consume(queue, (msg) => {
        if (!msg) return reject(new Error('consumer cancelled'));
        const parsed = parseJobMessage(msg.content);
        channel.ack(msg);
        if (parsed.ok) resolve(parsed.value);
        else reject(new Error(parsed.error));
      });
    });
    expect(received).toEqual(job);

    const after = await channel.checkQueue(queue);
    expect(after.messageCount).toBe(0);
  });

  it('hands out names unique to this file', () => {
    expect(broker.name('x')).not.toBe(broker.name('x'));
  });
});
