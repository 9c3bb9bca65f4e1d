import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Type, type Static } from '@sinclair/typebox';
import envSchema from 'env-schema';

const StorageUri = (def: string) => Type.String({ pattern: '^(file|https?)://.+', default: def });

export const ConfigSchema = Type.Object({
  AMQP_URL: Type.String({ pattern: '^amqps?://.+', default: 'amqp://guest:guest@127.0.0.1:5672' }),
  VIDEO_API_URL: Type.String({ pattern: '^https?://.+', default: 'http://127.0.0.1:3002' }),
  WORKER_API_KEY: Type.String({ default: '' }),
  VIDEO_TEMP_URI: StorageUri('file://./var/tmp'),
  VIDEO_RESULTS_URI: StorageUri('file://./var/results'),
  VIDEO_CHUNK_DURATION: Type.Number({ minimum: 1, maximum: 3600, default: 60 }),
  VIDEO_CONNECT_TIMEOUT: Type.Number({ exclusiveMinimum: 0, maximum: 600, default: 5 }),
  VIDEO_REQUEST_TIMEOUT: Type.Number({ exclusiveMinimum: 0, maximum: 3600, default: 30 }),
  // Capped below 2^31 ms, past which Node's timers fire at once (24 days is far beyond any transcode).
  VIDEO_TRANSCODING_TIMEOUT: Type.Integer({ minimum: 1, maximum: 2_073_600, default: 21600 }),
  LEASE_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  WORKER_ID: Type.String({ maxLength: 200, default: '' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
});
type Env = Static<typeof ConfigSchema>;

// hostname:pid repeats across container restarts (pid 1): a suffix per process keeps ids unique.
const processSuffix = randomBytes(3).toString('hex');

export interface Config {
  amqpUrl: string;
  videoApiUrl: string;
  workerApiKey: string;
  tempUri: string;
  resultsUri: string;
  chunkDuration: number;
  connectTimeout: number;
  requestTimeout: number;
  transcodingTimeout: number;
  leaseSeconds: number;
  workerId: string;
  logLevel: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string; allowedValues?: unknown[] };
}

/** Reads the environment once; throws a ConfigError whose message is one line naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  let e: Env;
  try {
    e = envSchema<Env>({ schema: ConfigSchema, data: { ...env }, dotenv: false });
  } catch (err) {
    const first = (err as { errors?: AjvError[] }).errors?.[0];
    const name = first?.instancePath?.replace(/^\//, '') || first?.params?.missingProperty || 'environment';
    const union = first?.message?.includes('must be equal to constant') || first?.message?.includes('must match a schema in anyOf');
    const detail = union && name === 'LOG_LEVEL' ? 'must be one of fatal, error, warn, info, debug, trace, silent' : first?.message ?? (err as Error).message;
    throw new ConfigError(`invalid configuration: ${name} ${detail} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  return Object.freeze({
    amqpUrl: e.AMQP_URL,
    videoApiUrl: e.VIDEO_API_URL.replace(/\/+$/, ''),
    workerApiKey: e.WORKER_API_KEY,
    tempUri: e.VIDEO_TEMP_URI,
    resultsUri: e.VIDEO_RESULTS_URI,
    chunkDuration: e.VIDEO_CHUNK_DURATION,
    connectTimeout: e.VIDEO_CONNECT_TIMEOUT,
    requestTimeout: e.VIDEO_REQUEST_TIMEOUT,
    transcodingTimeout: e.VIDEO_TRANSCODING_TIMEOUT,
    leaseSeconds: e.LEASE_SECONDS,
    workerId: e.WORKER_ID || `${hostname()}:${process.pid}:${processSuffix}`,
    logLevel: e.LOG_LEVEL,
  });
}
