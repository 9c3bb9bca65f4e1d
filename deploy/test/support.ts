// Shared helpers for the deployment tests: repository paths, the configuration
// contract parsed from docs/configuration.md, and small parsers for compose values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const repoPath = (...parts: string[]): string => path.join(ROOT, ...parts);
export const readRepoFile = (...parts: string[]): string => readFileSync(repoPath(...parts), 'utf8');

export const SERVICES = ['catalog-api', 'video-api', 'transcoder-worker'] as const;
export type Service = (typeof SERVICES)[number];

/**
 * What each service must get explicitly, kept by hand from docs/configuration.md.
 * A test checks that it equals the table in the docs (minus LEFT_TO_DEFAULT), so a
 * variable added to the docs fails the tests until compose and k8s set it.
 */
export const REQUIRED: Record<Service, readonly string[]> = {
  'catalog-api': ['PORT', 'HOST', 'LOG_LEVEL', 'DATABASE_URL', 'API_KEYS'],
  'video-api': [
    'PORT', 'HOST', 'LOG_LEVEL', 'DATABASE_URL', 'API_KEYS', 'WORKER_API_KEYS', 'AMQP_URL',
    'CATALOG_API_URL', 'CATALOG_API_KEY', 'PUBLIC_URL', 'VIDEO_SOURCES_URI', 'VIDEO_RESULTS_URI',
    'VIDEO_EDGES', 'VIDEO_URL', 'VIDEO_CONNECT_TIMEOUT', 'VIDEO_REQUEST_TIMEOUT', 'SWEEP_INTERVAL',
    'SOURCE_ALLOW_PRIVATE', 'MAX_UPLOAD_BYTES', 'UPLOAD_TTL',
  ],
  'transcoder-worker': [
    'LOG_LEVEL', 'WORKER_API_KEY', 'AMQP_URL', 'VIDEO_API_URL', 'VIDEO_TEMP_URI', 'VIDEO_RESULTS_URI',
    'VIDEO_CHUNK_DURATION', 'VIDEO_CONNECT_TIMEOUT', 'VIDEO_REQUEST_TIMEOUT',
    'VIDEO_TRANSCODING_TIMEOUT', 'LEASE_SECONDS',
  ],
};

/** Documented variables deliberately left to their default in docker compose (why). */
export const LEFT_TO_DEFAULT: Partial<Record<Service, Record<string, string>>> = {
  'transcoder-worker': {
    WORKER_ID: 'hostname:pid is unique per container; one fixed value would be shared by every --scale replica',
  },
};

const SERVICE_ALIASES: Record<string, readonly Service[]> = {
  all: SERVICES,
  worker: ['transcoder-worker'],
  'transcoder-worker': ['transcoder-worker'],
  'catalog-api': ['catalog-api'],
  'video-api': ['video-api'],
  // Documented too, but not deployed by compose/k8s as one of the three services above.
  'admin-ui': [],
  launcher: [],
  cli: [],
};

/** Parses the `| variable | service | default | meaning |` table of docs/configuration.md. */
export function documentedVariables(markdown: string): Record<Service, Set<string>> {
  const result: Record<Service, Set<string>> = {
    'catalog-api': new Set(),
    'video-api': new Set(),
    'transcoder-worker': new Set(),
  };
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // A table row: | `NAME` | services | ... |  (cells[0] is the text before the first pipe)
    const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? '')?.[1];
    if (!name || cells[2] === undefined) continue;
    for (const alias of cells[2].split(/[/,]/).map((part) => part.trim())) {
      const services = SERVICE_ALIASES[alias];
      if (!services) throw new Error(`docs/configuration.md: unknown service "${alias}" for ${name}`);
      for (const service of services) result[service].add(name);
    }
  }
  return result;
}

/** True when a compose environment value sets the variable (literal, or ${VAR:-default}). */
export function isSet(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const text = String(value);
  // Bare ${VAR} or $VAR without a default resolves to "" when VAR is not exported.
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(text)) return false;
  return true;
}

/** Compose `environment` as a map, whether written as a map or as a KEY=VALUE list. */
export function environmentOf(service: { environment?: unknown }): Record<string, unknown> {
  const env = service.environment;
  if (env === undefined || env === null) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return env as Record<string, unknown>;
}

/** Compose durations ("1m30s", "45s", "500ms") in seconds. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new Error(`not a compose duration: "${text}"`);
  }
  return parts.reduce((sum, part) => sum + Number(part[1]) * (units[part[2] as string] ?? 0), 0);
}

/** consumer_timeout (ms) from deploy/rabbitmq/rabbitmq.conf. */
export function rabbitConsumerTimeoutMs(conf: string): number {
  const match = /^\s*consumer_timeout\s*=\s*(\d+)\s*$/m.exec(conf);
  if (!match) throw new Error('consumer_timeout is not set in deploy/rabbitmq/rabbitmq.conf');
  return Number(match[1]);
}
