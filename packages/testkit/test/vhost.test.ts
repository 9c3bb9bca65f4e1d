import { describe, expect, it } from '@jest/globals';
import amqp from 'amqplib';
import { createTestVhost } from '../src/index.js';

describe('RabbitMQ virtual host per test', () => {
  it('creates a vhost the guest user can use, and drops it', async () => {
    const vhost = await createTestVhost('harness');
    try {
      const conn = await amqp.connect(vhost.url);
      const ch = await conn.createChannel();
      const q = await ch.assertQueue('video_transcoding', { durable: false });
      expect(q.queue).toBe('video_transcoding');
      await conn.close();
    } finally {
      await vhost.drop();
    }
    await expect(amqp.connect(vhost.url)).rejects.toThrow();
  });
});
