import { Type, type Static } from '@sinclair/typebox';
import { envSchema } from 'env-schema';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dvt_catalog';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  LOG_LEVEL: Type.Unsafe<(typeof LOG_LEVELS)[number]>({ type: 'string', enum: [...LOG_LEVELS], default: 'info' }),
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: DEFAULT_DATABASE_URL }),
  API_KEYS: Type.String({ default: '' }),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  databaseUrl: string;
  /** Bearer keys accepted on every route but health, readiness and docs; empty: auth off. */
  apiKeys: readonly string[];
}

/** Reads the environment once; throws one line naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let parsed: Env;
  try {
    // env-schema mutates the schema it gets (additionalProperties), so give it a copy.
    parsed = envSchema<Env>({ schema: structuredClone(EnvSchema), data: { ...env }, env: false, dotenv: false });
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    logLevel: parsed.LOG_LEVEL,
    databaseUrl: parsed.DATABASE_URL,
    apiKeys: Object.freeze(
      parsed.API_KEYS.split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    ),
  });
}
