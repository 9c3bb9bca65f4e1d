import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the CLI as `pnpm dvt` does (from the workspace root), the user standing in `cwd`. */
const dvt = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: root, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

/** A stand-in for both APIs that knows no preset, queues any video again, refuses the rest, and records every request. */
let server: http.Server;
let base: string;
const seen: string[] = [];
const bodies: string[] = [];
let dir: string;
const VIDEO = '6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      bodies.push(raw);
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url?.startsWith('/presets?')) return res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      if (req.url?.includes('/snapshot')) return send(404, { statusCode: 404, error: 'Not Found', message: 'preset "nope" not found' });
      if (req.url === `/videos/${VIDEO}/transcode`) return send(200, { id: VIDEO, status: 'queued', preset: raw ? (JSON.parse(raw) as { preset: string }).preset : 'default' });
      return send(401, { statusCode: 401, error: 'Unauthorized', message: 'unknown API key' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'dvt-cli-'));
  await writeFile(path.join(dir, 'clip.mp4'), 'not really a video, never uploaded');
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('dvt errors a user can act on', () => {
  it('resolves a relative file against the directory the user ran pnpm in, and checks the preset before uploading', async () => {
    const r = await dvt(['--catalog-url', base, '--video-url', base, 'transcode', 'clip.mp4', '--preset', 'nope'], { INIT_CWD: dir, npm_lifecycle_event: 'dvt' });
    expect(r.stderr).toBe('dvt: preset "nope" not found (dvt presets ls lists them); nothing uploaded\n');
    expect(r.code).toBe(1);
    expect(seen.filter((s) => s.startsWith('POST'))).toEqual([]);
  }, 30_000);

  it.each([
    ['a missing file', ['transcode', 'missing.mp4'], 'dvt: missing.mp4: no such file (give a local file or an http, https or ftp URL)\n'],
    ['a directory', ['transcode', '.'], 'dvt: .: is a directory, not a media file\n'],
    ['a video id that is not one', ['videos', 'show', 'nonexist'], 'dvt: "nonexist" is not a video id (a UUID, as dvt videos ls prints)\n'],
    ['a base URL without a scheme', ['--video-url', '127.0.0.1:3002', 'videos', 'ls'], 'dvt: --video-url (or DVT_VIDEO_URL) must be an http(s) URL such as http://127.0.0.1:3002, got "127.0.0.1:3002"\n'],
  ])('names %s (exit 1, no request)', async (_what, args, message) => {
    const before = seen.length;
    const r = await dvt(args, { INIT_CWD: dir, npm_lifecycle_event: 'dvt' });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: message });
    expect(seen.length).toBe(before);
  }, 30_000);

  it('says how to pass a key when an API answers 401 (exit 2)', async () => {
    const r = await dvt(['--video-url', base, 'videos', 'ls']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'dvt: GET /videos: 401 unknown API key (pass --api-key or set DVT_API_KEY)\n' });
  }, 30_000);

  it('says when an API cannot be reached (exit 3)', async () => {
    const r = await dvt(['--video-url', 'http://127.0.0.1:9', 'videos', 'ls']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^dvt: cannot reach http:\/\/127\.0\.0\.1:9 .*is the service running\? \(pnpm start\)\n$/);
  }, 30_000);

  it('queues a video again with another preset (videos transcode --preset)', async () => {
    const r = await dvt(['--video-url', base, 'videos', 'transcode', VIDEO, '--preset', 'small']);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: `video ${VIDEO} queued (preset small)\n` });
    expect(bodies.at(-1)).toBe('{"preset":"small"}');
  }, 30_000);

  it('reports a proxy error page that is not JSON as the API refusing (exit 2)', async () => {
    const r = await dvt(['--catalog-url', base, 'presets', 'ls']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'dvt: GET /presets: 502 <html><body>502 Bad Gateway</body></html>\n' });
  }, 30_000);
});
