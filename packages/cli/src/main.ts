#!/usr/bin/env node
import path from 'node:path';
import { Command } from 'commander';
import { ApiError, client, type ApiTarget } from './client.js';
import { exportPreset, importPreset, listPresets } from './commands/presets.js';
import { retranscode, transcode } from './commands/transcode.js';
import { listVideos, showVideo } from './commands/videos.js';

const program = new Command('dvt')
  .description('Transcode videos to HLS and manage presets through the dvt REST APIs')
  .option('--catalog-url <url>', 'catalog-api base URL (env DVT_CATALOG_URL)', process.env.DVT_CATALOG_URL ?? 'http://127.0.0.1:3001')
  .option('--video-url <url>', 'video-api base URL (env DVT_VIDEO_URL)', process.env.DVT_VIDEO_URL ?? 'http://127.0.0.1:3002')
  .option('--api-key <key>', 'bearer API key (env DVT_API_KEY)', process.env.DVT_API_KEY);

const baseUrl = (value: string, flag: string, env: string, example: string): string => {
  if (!/^https?:\/\/[^/]/i.test(value)) throw new Error(`${flag} (or ${env}) must be an http(s) URL such as ${example}, got ${JSON.stringify(value)}`);
  return value;
};
const api = () => {
  const o = program.opts<{ catalogUrl: string; videoUrl: string; apiKey?: string }>();
  const target: ApiTarget = {
    catalogUrl: baseUrl(o.catalogUrl, '--catalog-url', 'DVT_CATALOG_URL', 'http://127.0.0.1:3001'),
    videoUrl: baseUrl(o.videoUrl, '--video-url', 'DVT_VIDEO_URL', 'http://127.0.0.1:3002'),
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
  };
  return client(target);
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const videoId = (id: string): string => {
  if (!UUID.test(id)) throw new Error(`${JSON.stringify(id)} is not a video id (a UUID, as dvt videos ls prints)`);
  return id;
};

// `pnpm dvt` (the root script named dvt) runs in the workspace root; a relative path
// means the directory the user ran it in. Run as an installed bin, the cwd is already right.
const userDir = process.env.npm_lifecycle_event === 'dvt' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
const userPath = (file: string) => path.resolve(userDir, file);
let exitCode = 0;
const run = (fn: () => Promise<number>) => async () => {
  exitCode = await fn();
};

program
  .command('transcode <file-or-url>')
  .description('upload a local file (or take a URL) and create a video from it')
  .option('-p, --preset <name>', 'preset name or id', undefined)
  .option('-w, --wait', 'follow progress until done or error; exit 1 on error')
  .action((input: string, opts: { preset?: string; wait?: boolean }) => run(() => transcode(api(), input, opts, process.stdout, userPath))());

const videos = program.command('videos').description('list and show videos');
videos
  .command('ls')
  .option('--status <status>', 'only videos with this status')
  .option('--search <text>', 'substring of the source, or the basename')
  .option('--limit <n>', 'how many (default 50)')
  .action((opts: { status?: string; search?: string; limit?: string }) => run(() => listVideos(api(), opts, process.stdout))());
videos.command('show <id>').action((id: string) => run(() => showVideo(api(), videoId(id), process.stdout))());
videos
  .command('transcode <id>')
  .description('queue a new, done or failed video again, optionally with another preset')
  .option('-p, --preset <name>', 'switch the video to this preset (name or id)')
  .option('-w, --wait', 'follow progress until done or error; exit 1 on error')
  .action((id: string, opts: { preset?: string; wait?: boolean }) => run(() => retranscode(api(), videoId(id), opts, process.stdout))());

const presets = program.command('presets').description('list, export and import presets');
presets.command('ls').action(() => run(() => listPresets(api(), process.stdout))());
presets.command('export <name>').description('print a preset as one JSON document').action((name: string) => run(() => exportPreset(api(), name, process.stdout))());
presets
  .command('import <file>')
  .description('create a preset from an exported JSON document')
  .option('--replace', 'replace a preset of the same name')
  .action((file: string, opts: { replace?: boolean }) => run(() => importPreset(api(), userPath(file), Boolean(opts.replace), process.stdout))());

program
  .parseAsync(process.argv)
  .then(() => process.exit(exitCode))
  .catch((err: Error) => {
    process.stderr.write(`dvt: ${err.message}\n`);
    // 1: a failed transcode or a usage error; 2: an API refused the request; 3: an API could not be reached
    process.exit(err instanceof ApiError ? (err.status === null ? 3 : 2) : 1);
  });
