import { EVENTS_EXCHANGE, EVENTS_QUEUE, JOB_DEAD_LETTER_EXCHANGE, JOB_DEAD_LETTER_QUEUE, JOB_DELIVERY_LIMIT, JOB_EXCHANGE, JOB_QUEUE, JOB_ROUTING_KEY } from './messages.js';

/**
 * Every name of the broker topology in one value, so a service (or a test, with
 * unique names) asserts exactly the same shapes as its peers:
 * - jobExchange, deadLetterExchange, eventsExchange: durable `topic` exchanges;
 * - jobQueue: durable quorum queue (jobQueueArguments) bound by routingKey;
 * - deadLetterQueue: durable classic queue, no arguments, bound to the DLX with `#`;
 * - eventsQueue: durable classic queue, no arguments, bound to the events exchange with `video.*`.
 */
export interface BrokerTopology {
  jobExchange: string;
  jobQueue: string;
  routingKey: string;
  deadLetterExchange: string;
  deadLetterQueue: string;
  eventsExchange: string;
  eventsQueue: string;
}

export const TOPOLOGY_EXCHANGE_TYPE = 'topic';
export const DEAD_LETTER_BINDING = '#';
export const EVENTS_BINDING = 'video.*';

export const DEFAULT_TOPOLOGY: Readonly<BrokerTopology> = Object.freeze({
  jobExchange: JOB_EXCHANGE,
  jobQueue: JOB_QUEUE,
  routingKey: JOB_ROUTING_KEY,
  deadLetterExchange: JOB_DEAD_LETTER_EXCHANGE,
  deadLetterQueue: JOB_DEAD_LETTER_QUEUE,
  eventsExchange: EVENTS_EXCHANGE,
  eventsQueue: EVENTS_QUEUE,
});

/** The job queue's arguments for a topology (JOB_QUEUE_ARGUMENTS with its own DLX name). */
export const jobQueueArguments = (t: BrokerTopology): Record<string, unknown> => ({
  'x-queue-type': 'quorum',
  'x-dead-letter-exchange': t.deadLetterExchange,
  'x-dead-letter-routing-key': t.routingKey,
  'x-delivery-limit': JOB_DELIVERY_LIMIT,
});
