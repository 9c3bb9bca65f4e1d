import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults that run on one machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      videoApiUrl: 'http://127.0.0.1:3002',
      tempUri: 'file://./var/tmp',
      resultsUri: 'file://./var/results',
      chunkDuration: 60,
      transcodingTimeout: 21600,
      leaseSeconds: 60,
      logLevel: 'info',
    });
    expect(c.workerId).toMatch(new RegExp(`^.+:${process.pid}:[0-9a-f]{6}$`));
    expect(loadConfig({}).workerId).toBe(c.workerId); // one id per process
  });

  it('coerces numbers', () => {
    expect(loadConfig({ VIDEO_CHUNK_DURATION: '4', LEASE_SECONDS: '6', WORKER_ID: 'w1' })).toMatchObject({ chunkDuration: 4, leaseSeconds: 6, workerId: 'w1' });
  });

  it.each([
    [{ VIDEO_CHUNK_DURATION: '0' }, 'invalid configuration: VIDEO_CHUNK_DURATION must be >= 1 (got "0")'],
    [{ VIDEO_TEMP_URI: 's3://bucket' }, 'invalid configuration: VIDEO_TEMP_URI must match pattern "^(file|https?)://.+" (got "s3://bucket")'],
    [{ LEASE_SECONDS: 'abc' }, 'invalid configuration: LEASE_SECONDS must be integer (got "abc")'],
    [{ VIDEO_TRANSCODING_TIMEOUT: '3000000' }, 'invalid configuration: VIDEO_TRANSCODING_TIMEOUT must be <= 2073600 (got "3000000")'],
    [{ LOG_LEVEL: 'loud' }, 'invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
  ])('%j -> one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
