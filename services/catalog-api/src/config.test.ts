import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DATABASE_URL, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults that run on one machine', () => {
    expect(loadConfig({})).toEqual({ port: 3001, host: '0.0.0.0', logLevel: 'info', databaseUrl: DEFAULT_DATABASE_URL, apiKeys: [] });
  });

  it('reads every variable and splits API_KEYS on commas', () => {
    const config = loadConfig({ PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: 'postgresql://u:p@db/x', API_KEYS: ' a, b ,,c ' });
    expect(config).toEqual({ port: 8080, host: '127.0.0.1', logLevel: 'silent', databaseUrl: 'postgresql://u:p@db/x', apiKeys: ['a', 'b', 'c'] });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: '70000' }, 'invalid configuration: env/PORT must be <= 65535'],
    [{ PORT: 'x' }, 'invalid configuration: env/PORT must be integer'],
    [{ LOG_LEVEL: 'verbose' }, 'invalid configuration: env/LOG_LEVEL must be equal to one of the allowed values'],
    [{ DATABASE_URL: 'mysql://x' }, 'invalid configuration: env/DATABASE_URL must match pattern "^postgres(ql)?://"'],
  ])('names the bad variable in one line: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
