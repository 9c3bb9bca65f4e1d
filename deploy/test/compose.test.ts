import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { parse } from 'yaml';
import {
  LEFT_TO_DEFAULT, REQUIRED, SERVICES, documentedVariables, durationSeconds, environmentOf, isSet,
  rabbitConsumerTimeoutMs, readRepoFile,
} from './support.js';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: unknown;
  ports?: unknown[];
  container_name?: string;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
  stop_grace_period?: string;
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

// ajv-formats is CommonJS: under NodeNext its default export is typed as the module object.
const addFormats = ajvFormats.default as unknown as (ajv: Ajv) => Ajv;

// merge: true resolves the `<<: *app` keys exactly as docker compose does.
const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const documented = documentedVariables(readRepoFile('docs/configuration.md'));

describe('docker-compose.yml', () => {
  it('validates against the Compose Specification schema', () => {
    // The copy names its meta-schema "https://json-schema.org/draft-07/schema"; Ajv knows
    // draft-07 as "http://…#", its default dialect, so the $schema key is dropped.
    const { $schema: _dialect, ...schema } = JSON.parse(readRepoFile('deploy/schemas/compose-spec.json')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    if (!valid) console.error(ajv.errorsText(validate.errors, { separator: '\n' }));
    expect(valid).toBe(true);
  });

  it('keeps the required-variable table in step with docs/configuration.md', () => {
    for (const name of SERVICES) {
      const skipped = Object.keys(LEFT_TO_DEFAULT[name] ?? {});
      const fromDocs = [...documented[name]].filter((variable) => !skipped.includes(variable)).sort();
      expect({ service: name, variables: [...REQUIRED[name]].sort() }).toEqual({ service: name, variables: fromDocs });
    }
  });

  it.each(SERVICES)('sets every variable %s requires', (name) => {
    const env = environmentOf(service(name));
    const skipped = Object.keys(LEFT_TO_DEFAULT[name] ?? {});
    const wanted = new Set([...REQUIRED[name], ...documented[name]].filter((variable) => !skipped.includes(variable)));
    const unset = [...wanted].filter((variable) => !isSet(env[variable]));
    expect({ service: name, unset }).toEqual({ service: name, unset: [] });
  });

  it('gives each API its own database and points storage at the nginx WebDAV server', () => {
    const catalog = environmentOf(service('catalog-api'));
    const video = environmentOf(service('video-api'));
    const worker = environmentOf(service('transcoder-worker'));
    expect(String(catalog.DATABASE_URL)).toMatch(/@postgres:5432\/dvt_catalog$/);
    expect(String(video.DATABASE_URL)).toMatch(/@postgres:5432\/dvt_video$/);
    expect(video.VIDEO_SOURCES_URI).toBe('http://nginx:8080/sources');
    expect(worker.VIDEO_TEMP_URI).toBe('http://nginx:8080/tmp');
    expect(worker.VIDEO_RESULTS_URI).toBe('http://nginx:8080/results');
    expect(video.VIDEO_RESULTS_URI).toBe(worker.VIDEO_RESULTS_URI);
    expect(video.SOURCE_ALLOW_PRIVATE).toBe('false');
    expect(video.CATALOG_API_URL).toBe('http://catalog-api:3001');
    expect(worker.VIDEO_API_URL).toBe('http://video-api:3002');
    // Each caller's key must be one the callee accepts.
    expect(worker.WORKER_API_KEY).toBe(video.WORKER_API_KEYS);
    expect(String(catalog.API_KEYS).split(',')).toContain(video.CATALOG_API_KEY);
  });

  it('keeps the worker scalable and gives it time for a graceful stop', () => {
    const worker = service('transcoder-worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? []).toEqual([]);
    expect(worker.stop_grace_period).toBeDefined();
    expect(durationSeconds(String(worker.stop_grace_period))).toBeGreaterThanOrEqual(30);
    expect(worker.command).toEqual(['node', 'services/transcoder-worker/dist/src/main.js']);
  });

  it('has RabbitMQ consumer_timeout above the worker VIDEO_TRANSCODING_TIMEOUT', () => {
    const timeoutSeconds = Number(environmentOf(service('transcoder-worker')).VIDEO_TRANSCODING_TIMEOUT);
    expect(timeoutSeconds).toBeGreaterThan(0);
    expect(rabbitConsumerTimeoutMs(readRepoFile('deploy/rabbitmq/rabbitmq.conf'))).toBeGreaterThan(timeoutSeconds * 1000);
    expect(service('rabbitmq').volumes).toContain('./deploy/rabbitmq/rabbitmq.conf:/etc/rabbitmq/conf.d/20-dvt.conf:ro');
  });

  it.each([
    ['catalog-api', 3001],
    ['video-api', 3002],
  ])('checks %s health on /ready', (name, port) => {
    const test = service(name).healthcheck?.test;
    expect(Array.isArray(test) ? test.join(' ') : test).toContain(`http://127.0.0.1:${port}/ready`);
    expect(service(name).command).toEqual(['node', `services/${name}/dist/src/main.js`]);
  });

  it('starts services only after what they need is healthy', () => {
    for (const name of ['postgres', 'rabbitmq', 'nginx']) expect(service(name).healthcheck?.test).toBeDefined();
    const needs: Record<string, string[]> = {
      'catalog-api': ['postgres'],
      'video-api': ['postgres', 'rabbitmq', 'nginx', 'catalog-api'],
      'transcoder-worker': ['rabbitmq', 'nginx', 'video-api'],
    };
    for (const [name, dependencies] of Object.entries(needs)) {
      for (const dependency of dependencies) {
        expect({ name, dependency, condition: service(name).depends_on?.[dependency]?.condition })
          .toEqual({ name, dependency, condition: 'service_healthy' });
      }
    }
  });

  it('publishes only the read-only edge of nginx and keeps data in named volumes', () => {
    expect(service('nginx').ports).toEqual(['8081:8081']);
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['pgdata', 'rabbitmq-data', 'storage']);
    expect(service('postgres').volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(service('nginx').volumes).toContain('storage:/var/lib/dvt');
  });
});
