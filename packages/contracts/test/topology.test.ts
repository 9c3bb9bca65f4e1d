import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TOPOLOGY, JOB_QUEUE_ARGUMENTS, jobQueueArguments } from '../src/index.js';

describe('topology', () => {
  it('gives the default topology exactly the shared job queue arguments', () => {
    expect(jobQueueArguments(DEFAULT_TOPOLOGY)).toEqual({ ...JOB_QUEUE_ARGUMENTS });
  });
  it('dead-letters a renamed job queue to its own exchange', () => {
    const args = jobQueueArguments({ ...DEFAULT_TOPOLOGY, deadLetterExchange: 'x.dlx', routingKey: 'rk' });
    expect(args).toMatchObject({ 'x-dead-letter-exchange': 'x.dlx', 'x-dead-letter-routing-key': 'rk' });
  });
});
