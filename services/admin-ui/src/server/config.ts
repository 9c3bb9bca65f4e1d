import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { envSchema } from 'env-schema';

const HttpUrl = (fallback: string, description: string) => Type.String({ default: fallback, pattern: '^https?://[^\\s]+$', description });

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  CATALOG_API_URL: HttpUrl('http://127.0.0.1:3001', 'catalog-api base URL, proxied at /api/catalog'),
  VIDEO_API_URL: HttpUrl('http://127.0.0.1:3002', 'video-api base URL, proxied at /api/video and /media'),
  /** The built SPA; defaults to dist/public next to the compiled server. */
  UI_STATIC_DIR: Type.String({ minLength: 1, default: fileURLToPath(new URL('../../public', import.meta.url)) }),
});
export type Config = Readonly<Static<typeof ConfigSchema>>;

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Reads and validates the environment once; throws one line naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let raw: Static<typeof ConfigSchema>;
  try {
    raw = envSchema<Static<typeof ConfigSchema>>({ schema: ConfigSchema, data: env, dotenv: false });
  } catch (err) {
    throw new Error(`admin-ui: invalid configuration: ${(err as Error).message}`);
  }
  return Object.freeze({ ...raw, CATALOG_API_URL: trimSlash(raw.CATALOG_API_URL), VIDEO_API_URL: trimSlash(raw.VIDEO_API_URL) });
}
