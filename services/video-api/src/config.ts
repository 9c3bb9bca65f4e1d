import { Type, type Static } from '@sinclair/typebox';
import envSchema from 'env-schema';

const Seconds = (def: number) => Type.Number({ exclusiveMinimum: 0, default: def });

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  LOG_LEVEL: Type.String({ enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  DATABASE_URL: Type.String({ default: 'postgres://postgres@127.0.0.1:5432/dvt_video' }),
  API_KEYS: Type.String({ default: '' }),
  WORKER_API_KEYS: Type.String({ default: '' }),
  AMQP_URL: Type.String({ default: 'amqp://guest:guest@127.0.0.1:5672' }),
  CATALOG_API_URL: Type.String({ default: 'http://127.0.0.1:3001' }),
  CATALOG_API_KEY: Type.String({ default: '' }),
  PUBLIC_URL: Type.Optional(Type.String()),
  VIDEO_SOURCES_URI: Type.String({ default: 'file://./var/sources' }),
  VIDEO_RESULTS_URI: Type.String({ default: 'file://./var/results' }),
  VIDEO_EDGES: Type.Optional(Type.String()),
  VIDEO_URL: Type.String({ default: '{edge}/results/{filename}/index.m3u8' }),
  VIDEO_CONNECT_TIMEOUT: Seconds(5),
  VIDEO_REQUEST_TIMEOUT: Seconds(30),
  SWEEP_INTERVAL: Seconds(15),
  SOURCE_ALLOW_PRIVATE: Type.Boolean({ default: true }),
  MAX_UPLOAD_BYTES: Type.Integer({ minimum: 1, default: 10_737_418_240 }),
  UPLOAD_TTL: Type.Integer({ minimum: 0, default: 86_400 }),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  logLevel: string;
  databaseUrl: string;
  apiKeys: readonly string[];
  workerApiKeys: readonly string[];
  amqpUrl: string;
  catalogApiUrl: string;
  catalogApiKey: string;
  publicUrl: string;
  /** A URL: `file:` (absolute path) or `http(s):` (WebDAV). */
  sourcesUri: URL;
  resultsUri: URL;
  edges: readonly string[];
  videoUrl: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  sweepIntervalMs: number;
  sourceAllowPrivate: boolean;
  maxUploadBytes: number;
  /** seconds after which an upload no video names is removed; 0 keeps uploads forever */
  uploadTtlSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
const trimSlash = (value: string): string => value.replace(/\/+$/, '');

function url(name: string, value: string, protocols: string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: ${JSON.stringify(value)}`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
  return parsed;
}

/** `file://./var/x` is relative to the working directory; everything becomes an absolute file URL. */
export function storageUri(name: string, value: string, cwd = process.cwd()): URL {
  const match = /^file:\/\/(\.{1,2}\/.*|\.{1,2})$/.exec(value);
  if (match) return new URL(`file://${new URL(match[1] ?? '.', `file://${trimSlash(cwd)}/`).pathname}`);
  return url(name, value, ['file:', 'http:', 'https:']);
}

/** Pure: validated environment -> frozen config. Throws ConfigError with one line naming the variable. */
export function buildConfig(env: Env, cwd = process.cwd()): Config {
  const publicUrl = trimSlash(env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`);
  url('PUBLIC_URL', publicUrl, ['http:', 'https:']);
  url('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']);
  url('AMQP_URL', env.AMQP_URL, ['amqp:', 'amqps:']);
  url('CATALOG_API_URL', env.CATALOG_API_URL, ['http:', 'https:']);
  const edges = list(env.VIDEO_EDGES ?? `${publicUrl}/media`).map(trimSlash);
  if (edges.length === 0) throw new ConfigError('VIDEO_EDGES must list at least one edge base URL');
  for (const edge of edges) url('VIDEO_EDGES', edge, ['http:', 'https:']);
  if (!env.VIDEO_URL.includes('{filename}')) throw new ConfigError('VIDEO_URL must contain {filename}');
  return Object.freeze({
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    apiKeys: list(env.API_KEYS),
    workerApiKeys: list(env.WORKER_API_KEYS),
    amqpUrl: env.AMQP_URL,
    catalogApiUrl: trimSlash(env.CATALOG_API_URL),
    catalogApiKey: env.CATALOG_API_KEY,
    publicUrl,
    sourcesUri: storageUri('VIDEO_SOURCES_URI', env.VIDEO_SOURCES_URI, cwd),
    resultsUri: storageUri('VIDEO_RESULTS_URI', env.VIDEO_RESULTS_URI, cwd),
    edges,
    videoUrl: env.VIDEO_URL,
    connectTimeoutMs: env.VIDEO_CONNECT_TIMEOUT * 1000,
    requestTimeoutMs: env.VIDEO_REQUEST_TIMEOUT * 1000,
    sweepIntervalMs: env.SWEEP_INTERVAL * 1000,
    sourceAllowPrivate: env.SOURCE_ALLOW_PRIVATE,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    uploadTtlSeconds: env.UPLOAD_TTL,
  });
}

/** Reads and validates the environment once; the error is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  let parsed: Env;
  try {
    parsed = envSchema<Env>({ schema: EnvSchema, data: env, env: false, dotenv: false });
  } catch (err) {
    const problems = (err as Error).message.split(/, (?=env\/)/).map((p) => p.replace(/^env\//, ''));
    throw new ConfigError(`invalid configuration: ${[...new Set(problems)].join('; ')}`);
  }
  return buildConfig(parsed, cwd);
}
