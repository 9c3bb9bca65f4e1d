import { DEAD_LETTER_BINDING, EVENTS_BINDING, TOPOLOGY_EXCHANGE_TYPE, jobQueueArguments, type BrokerTopology } from '@dvt/contracts';
import type { Channel } from 'amqplib';

/** Asserts the whole topology (contracts' shapes), so video-api and the workers may start in any order. */
export async function assertTopology(ch: Channel, t: BrokerTopology): Promise<void> {
  await ch.assertExchange(t.jobExchange, TOPOLOGY_EXCHANGE_TYPE, { durable: true });
  await ch.assertExchange(t.deadLetterExchange, TOPOLOGY_EXCHANGE_TYPE, { durable: true });
  await ch.assertQueue(t.deadLetterQueue, { durable: true });
  await ch.bindQueue(t.deadLetterQueue, t.deadLetterExchange, DEAD_LETTER_BINDING);
  await ch.assertQueue(t.jobQueue, { durable: true, arguments: jobQueueArguments(t) });
  await ch.bindQueue(t.jobQueue, t.jobExchange, t.routingKey);
  await ch.assertExchange(t.eventsExchange, TOPOLOGY_EXCHANGE_TYPE, { durable: true });
  await ch.assertQueue(t.eventsQueue, { durable: true });
  await ch.bindQueue(t.eventsQueue, t.eventsExchange, EVENTS_BINDING);
}
