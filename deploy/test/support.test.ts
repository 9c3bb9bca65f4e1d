import { describe, expect, it } from '@jest/globals';
import { documentedVariables, durationSeconds, environmentOf, isSet, rabbitConsumerTimeoutMs } from './support.js';

describe('documentedVariables', () => {
  it('maps the service column (lists, "all", "worker") to services', () => {
    const table = [
      '| variable | service | default | meaning |',
      '|---|---|---|---|',
      '| `PORT` | catalog-api / video-api | `3001` / `3002` | HTTP port |',
      '| `LOG_LEVEL` | all | `info` | level |',
      '| `AMQP_URL` | video-api, worker | `amqp://…` | RabbitMQ |',
      '| `NEW_ONE` | worker | | added later |',
    ].join('\n');
    const documented = documentedVariables(table);
    expect([...documented['catalog-api']].sort()).toEqual(['LOG_LEVEL', 'PORT']);
    expect([...documented['video-api']].sort()).toEqual(['AMQP_URL', 'LOG_LEVEL', 'PORT']);
    expect([...documented['transcoder-worker']].sort()).toEqual(['AMQP_URL', 'LOG_LEVEL', 'NEW_ONE']);
  });

  it('refuses a service name it does not know', () => {
    expect(() => documentedVariables('| `X` | billing-api | | |')).toThrow('unknown service "billing-api" for X');
  });
});

describe('compose value helpers', () => {
  it('counts literals and ${VAR:-default} as set, bare ${VAR} and null as unset', () => {
    expect(isSet('0.0.0.0')).toBe(true);
    expect(isSet(60)).toBe(true);
    expect(isSet('${API_KEYS:-dev}')).toBe(true);
    expect(isSet('amqp://dvt:${PASS:-x}@rabbitmq:5672')).toBe(true);
    expect(isSet('${API_KEYS}')).toBe(false);
    expect(isSet('$API_KEYS')).toBe(false);
    expect(isSet(null)).toBe(false);
    expect(isSet(undefined)).toBe(false);
  });

  it('reads environment written as a map or as a KEY=VALUE list', () => {
    expect(environmentOf({ environment: ['A=1', 'B=x=y', 'C'] })).toEqual({ A: '1', B: 'x=y', C: undefined });
    expect(environmentOf({ environment: { A: '1' } })).toEqual({ A: '1' });
    expect(environmentOf({})).toEqual({});
  });

  it('parses compose durations in seconds', () => {
    expect(durationSeconds('60s')).toBe(60);
    expect(durationSeconds('1m30s')).toBe(90);
    expect(durationSeconds('1h')).toBe(3600);
    expect(durationSeconds('500ms')).toBe(0.5);
    expect(() => durationSeconds('60')).toThrow('not a compose duration');
  });

  it('reads consumer_timeout from rabbitmq.conf', () => {
    expect(rabbitConsumerTimeoutMs('# c\nconsumer_timeout = 25200000\n')).toBe(25200000);
    expect(() => rabbitConsumerTimeoutMs('# consumer_timeout = 1\n')).toThrow('consumer_timeout is not set');
  });
});
