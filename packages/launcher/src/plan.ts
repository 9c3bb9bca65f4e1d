import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** One process the launcher runs: which entry file, with which environment, and how to tell it is ready. */
export interface ServicePlan {
  name: 'catalog-api' | 'video-api' | 'transcoder-worker' | 'admin-ui';
  entry: string;
  migrate?: string;
  env: Record<string, string>;
  /** URL answering 200 once the service is ready; none for the worker. */
  readyUrl?: string;
  url?: string;
}

export interface LaunchSettings {
  root: string;
  host: string;
  catalogPort: number;
  videoPort: number;
  uiPort: number;
  catalogDatabaseUrl: string;
  videoDatabaseUrl: string;
  amqpUrl: string;
  varDir: string;
  logLevel: string;
  apiKeys: string;
  workerKey: string;
  chunkDuration?: string;
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a TCP port (1-65535), got "${value}"`);
  return n;
};

const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Pure: `value` as one shell word (quoted when it holds anything a shell would act on). */
export const shellWord = (value: string): string => (/^[\w/:.@=,+%-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** Pure: launcher settings from the environment, with the defaults of docs/configuration.md. */
export function settingsFrom(env: NodeJS.ProcessEnv, root: string): LaunchSettings {
  return {
    root,
    host: env.DVT_HOST ?? '127.0.0.1',
    catalogPort: int(env.CATALOG_PORT, 3001, 'CATALOG_PORT'),
    videoPort: int(env.VIDEO_PORT, 3002, 'VIDEO_PORT'),
    uiPort: int(env.UI_PORT, 3000, 'UI_PORT'),
    catalogDatabaseUrl: env.CATALOG_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dvt_catalog',
    videoDatabaseUrl: env.VIDEO_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dvt_video',
    amqpUrl: env.AMQP_URL ?? DEFAULT_AMQP_URL,
    varDir: path.resolve(root, env.DVT_VAR_DIR ?? 'var'),
    logLevel: env.LOG_LEVEL ?? 'info',
    apiKeys: env.API_KEYS ?? '',
    workerKey: env.WORKER_API_KEY ?? '',
    chunkDuration: env.VIDEO_CHUNK_DURATION,
  };
}

/** Pure: the processes to run and the environment of each. */
export function planServices(s: LaunchSettings): ServicePlan[] {
  const catalogUrl = `http://${s.host}:${s.catalogPort}`;
  const videoUrl = `http://${s.host}:${s.videoPort}`;
  const uiUrl = `http://${s.host}:${s.uiPort}`;
  const fileUri = (sub: string) => pathToFileURL(path.join(s.varDir, sub)).href;
  const dist = (service: string, file: string) => path.join(s.root, 'services', service, 'dist', 'src', file);
  const common = { LOG_LEVEL: s.logLevel, HOST: s.host };
  const workerKeys: Record<string, string> = s.workerKey ? { WORKER_API_KEYS: s.workerKey } : {};
  return [
    {
      name: 'catalog-api',
      entry: dist('catalog-api', 'main.js'),
      migrate: dist('catalog-api', 'migrate.js'),
      env: { ...common, PORT: String(s.catalogPort), DATABASE_URL: s.catalogDatabaseUrl, API_KEYS: s.apiKeys },
      readyUrl: `${catalogUrl}/ready`,
      url: catalogUrl,
    },
    {
      name: 'video-api',
      entry: dist('video-api', 'main.js'),
      migrate: dist('video-api', 'migrate.js'),
      env: {
        ...common,
        ...workerKeys,
        PORT: String(s.videoPort),
        DATABASE_URL: s.videoDatabaseUrl,
        AMQP_URL: s.amqpUrl,
        CATALOG_API_URL: catalogUrl,
        CATALOG_API_KEY: s.apiKeys.split(',')[0] ?? '',
        API_KEYS: s.apiKeys,
        PUBLIC_URL: videoUrl,
        VIDEO_SOURCES_URI: fileUri('sources'),
        VIDEO_RESULTS_URI: fileUri('results'),
      },
      readyUrl: `${videoUrl}/ready`,
      url: videoUrl,
    },
    {
      name: 'transcoder-worker',
      entry: dist('transcoder-worker', 'main.js'),
      env: {
        LOG_LEVEL: s.logLevel,
        AMQP_URL: s.amqpUrl,
        VIDEO_API_URL: videoUrl,
        WORKER_API_KEY: s.workerKey,
        VIDEO_TEMP_URI: fileUri('tmp'),
        VIDEO_RESULTS_URI: fileUri('results'),
        ...(s.chunkDuration ? { VIDEO_CHUNK_DURATION: s.chunkDuration } : {}),
      },
    },
    {
      name: 'admin-ui',
      entry: path.join(s.root, 'services', 'admin-ui', 'dist', 'src', 'server', 'main.js'),
      env: { ...common, PORT: String(s.uiPort), CATALOG_API_URL: catalogUrl, VIDEO_API_URL: videoUrl },
      readyUrl: `${uiUrl}/`,
      url: uiUrl,
    },
  ];
}

/** Variables the launcher sets per service; inherited ones of the same name must not leak across services. */
export const PER_SERVICE_VARIABLES = ['PORT', 'DATABASE_URL', 'HOST'];

/**
 * Pure: what `pnpm start` prints once everything is ready. The commands it suggests
 * carry the settings that differ from the CLI's and the worker's defaults, so they
 * reach this stack (not one on the default ports).
 */
export function bannerLines(s: LaunchSettings, plans: ServicePlan[]): string[] {
  const by = Object.fromEntries(plans.map((p) => [p.name, p]));
  const catalog = by['catalog-api']?.url ?? '';
  const video = by['video-api']?.url ?? '';
  const cliEnv = [
    ...(catalog !== 'http://127.0.0.1:3001' ? [`DVT_CATALOG_URL=${shellWord(catalog)}`] : []),
    ...(video !== 'http://127.0.0.1:3002' ? [`DVT_VIDEO_URL=${shellWord(video)}`] : []),
    // Secrets are never printed: the command reads them from the user's shell.
    ...(s.apiKeys ? ['DVT_API_KEY="${API_KEYS%%,*}"'] : []),
  ];
  const worker = by['transcoder-worker'];
  const workerEnv = Object.entries(worker?.env ?? {})
    .filter(([name]) => name !== 'LOG_LEVEL')
    .map(([name, value]) => {
      if (name === 'WORKER_API_KEY' && value) return 'WORKER_API_KEY="$WORKER_API_KEY"';
      if (name === 'AMQP_URL' && value !== DEFAULT_AMQP_URL) return 'AMQP_URL="$AMQP_URL"';
      return `${name}=${shellWord(value)}`;
    });
  return [
    '',
    'dvt is up:',
    `  catalog-api  ${catalog}   OpenAPI: ${catalog}/docs`,
    `  video-api    ${video}   OpenAPI: ${video}/docs`,
    `  results      ${video}/media/results/<basename>/index.m3u8`,
    ...(by['admin-ui'] ? [`  admin UI     ${by['admin-ui'].url}`] : []),
    '  worker       1 transcoder-worker; more, from another terminal:',
    `    ${[...workerEnv, 'node', shellWord(worker?.entry ?? '')].join(' ')}`,
    `Try: ${[...cliEnv, 'pnpm dvt transcode sample.mp4 --wait'].join(' ')}        Stop: Ctrl-C`,
  ];
}
