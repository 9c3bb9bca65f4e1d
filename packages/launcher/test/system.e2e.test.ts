import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { Parser, type Manifest } from 'm3u8-parser';
import { createMediaDir, createTestDatabase, createTestVhost, freePort, type MediaDir, type TestDatabase, type TestVhost } from '@dvt/testkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_SECONDS = 20;

const parse = (text: string): Manifest => {
  const p = new Parser();
  p.push(text);
  p.end();
  return p.manifest;
};

/** The whole system as a user runs it: `pnpm start` (the launcher) and the `dvt` CLI, as separate processes. */
describe('pnpm start + dvt transcode --wait', () => {
  let catalogDb: TestDatabase;
  let videoDb: TestDatabase;
  let vhost: TestVhost;
  let media: MediaDir;
  let varDir: string;
  let launcher: ChildProcess;
  let launcherExit: Promise<number | null>;
  let output = '';
  const ports = { catalog: 0, video: 0, ui: 0 };

  beforeAll(async () => {
    [catalogDb, videoDb, vhost, media] = await Promise.all([createTestDatabase('e2e_catalog'), createTestDatabase('e2e_video'), createTestVhost('e2e'), createMediaDir()]);
    varDir = await mkdtemp(path.join(tmpdir(), 'dvt-e2e-var-'));
    ports.catalog = await freePort();
    ports.video = await freePort();
    ports.ui = await freePort();
    launcher = spawn(process.execPath, ['--import', 'tsx', 'packages/launcher/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        CATALOG_PORT: String(ports.catalog),
        VIDEO_PORT: String(ports.video),
        UI_PORT: String(ports.ui),
        CATALOG_DATABASE_URL: catalogDb.url,
        VIDEO_DATABASE_URL: videoDb.url,
        AMQP_URL: vhost.url,
        DVT_VAR_DIR: varDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcherExit = new Promise((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pnpm start was not up within 180 s:\n${output}`)), 180_000);
      const check = setInterval(() => {
        if (output.includes('Stop: Ctrl-C')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 200);
      void launcherExit.then((code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`pnpm start exited with ${code}:\n${output}`));
      });
    });
  }, 200_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGINT');
      const code = await launcherExit;
      expect(code).toBe(0);
      await expect(fetch(`http://127.0.0.1:${ports.video}/health`)).rejects.toThrow();
    }
    await Promise.all([catalogDb?.drop(), videoDb?.drop(), vhost?.drop(), media?.cleanup(), rm(varDir, { recursive: true, force: true })]);
  }, 60_000);

  it('prints the URLs of the APIs and their docs', () => {
    expect(output).toContain(`catalog-api  http://127.0.0.1:${ports.catalog}   OpenAPI: http://127.0.0.1:${ports.catalog}/docs`);
    expect(output).toContain(`video-api    http://127.0.0.1:${ports.video}   OpenAPI: http://127.0.0.1:${ports.video}/docs`);
  });

  it('uploads a 20 s 720p source through the CLI, waits for done, and serves a playable HLS ladder', async () => {
    const source = await media.make('sample', { width: 1280, height: 720, duration: SOURCE_SECONDS, fps: 30, videoBitrate: 3_000_000 });
    const cli = await execa(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', '--catalog-url', `http://127.0.0.1:${ports.catalog}`, '--video-url', `http://127.0.0.1:${ports.video}`, 'transcode', source, '--wait'], {
      cwd: root,
      reject: false,
      timeout: 600_000,
    });
    expect({ exitCode: cli.exitCode, stderr: cli.stderr }).toEqual({ exitCode: 0, stderr: '' });
    // Piped, not a terminal: one line per phase or 10 % step, no bar redraws.
    expect(cli.stdout).toMatch(/^transcode \d+%$/m);
    expect(cli.stdout).not.toContain('\r');
    const playback = /playback: (\S+)/.exec(cli.stdout)?.[1];
    expect(playback).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.video}/media/results/[0-9a-f-]{36}/index\\.m3u8$`));

    const master = await fetch(playback!);
    expect(master.status).toBe(200);
    const ladder = parse(await master.text()).playlists ?? [];
    // The default preset's 720p profile (source >= 1280x720 and >= 2.5 Mb/s): 720p, 480p, 360p.
    expect(ladder.map((p) => p.attributes.RESOLUTION)).toEqual([
      { width: 1280, height: 720 },
      { width: 854, height: 480 },
      { width: 640, height: 360 },
    ]);
    for (const rendition of ladder) {
      expect(rendition.attributes.BANDWIDTH).toBeGreaterThan(0);
      const mediaUrl = new URL(rendition.uri, playback);
      const playlist = parse(await (await fetch(mediaUrl)).text());
      const total = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
      expect(Math.abs(total - SOURCE_SECONDS)).toBeLessThanOrEqual(0.2);
      for (const segment of playlist.segments) {
        const res = await fetch(new URL(segment.uri, mediaUrl), { method: 'HEAD' });
        expect(res.status).toBe(200);
      }
    }
  }, 600_000);
});
