// Runs the real nginx (Debian, dav + dav_ext modules, as in the `webdav` image stage)
// with deploy/nginx/nginx.conf, its paths and ports moved into a temp directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readRepoFile } from './support.js';

/** Replaces `from` (which must occur) in the config, so a renamed path cannot slip by. */
function replaceAll(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`deploy/nginx/nginx.conf no longer contains "${from}"`);
  return text.split(from).join(to);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, nginx: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port}: ${log()}`);
}

let dir = '';
let nginx: ChildProcess | undefined;
let dav = '';
let edge = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dvt-nginx-'));
  const [davPort, edgePort] = [await freePort(), await freePort()];
  let conf = readRepoFile('deploy/nginx/nginx.conf');
  // As root, workers must be able to write the temp dir; otherwise nginx ignores `user`.
  conf = replaceAll(conf, 'user www-data;', process.getuid?.() === 0 ? 'user root;' : '');
  conf = replaceAll(conf, '/var/lib/dvt', path.join(dir, 'data'));
  conf = replaceAll(conf, '/run/nginx.pid', path.join(dir, 'nginx.pid'));
  conf = replaceAll(conf, '/var/log/nginx/', `${dir}/`);
  conf = replaceAll(conf, 'listen 8080;', `listen 127.0.0.1:${davPort};`);
  conf = replaceAll(conf, 'listen 8081;', `listen 127.0.0.1:${edgePort};`);
  // Keep nginx's own temp files (proxy, fastcgi, …) out of /var/lib/nginx.
  conf = replaceAll(conf, 'http {', `http {\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;`);
  const confPath = path.join(dir, 'nginx.conf');
  await writeFile(confPath, conf);
  // As the `webdav` image stage does (MKCOL needs an existing parent).
  for (const sub of ['sources', 'tmp', 'results', '.client-body']) await mkdir(path.join(dir, 'data', sub), { recursive: true });
  let output = '';
  nginx = spawn('nginx', ['-c', confPath, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nginx.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  nginx.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForPort(davPort, nginx, () => output);
  await waitForPort(edgePort, nginx, () => output);
  dav = `http://127.0.0.1:${davPort}`;
  edge = `http://127.0.0.1:${edgePort}`;
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('deploy/nginx/nginx.conf', () => {
  it('answers its health checks', async () => {
    expect((await fetch(`${dav}/healthz`)).status).toBe(200);
    expect((await fetch(`${edge}/healthz`)).status).toBe(200);
  });

  it('stores large sources over WebDAV, creating the directories on PUT', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7); // over nginx's default 1 MiB body limit
    const put = await fetch(`${dav}/sources/a/b/source.mp4`, { method: 'PUT', body });
    expect(put.status).toBe(201);
    const get = await fetch(`${dav}/sources/a/b/source.mp4`);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    // Sources are never served by the public edge.
    expect((await fetch(`${edge}/sources/a/b/source.mp4`)).status).toBe(404);
  });

  it('supports the workspace operations in tmp: MKCOL, PROPFIND, MOVE, COPY, DELETE', async () => {
    expect((await fetch(`${dav}/tmp/job/`, { method: 'MKCOL' })).status).toBe(201);
    expect((await fetch(`${dav}/tmp/job/chunk-0.part`, { method: 'PUT', body: 'x' })).status).toBe(201);
    const move = await fetch(`${dav}/tmp/job/chunk-0.part`, {
      method: 'MOVE',
      headers: { Destination: `${dav}/tmp/job/chunk-0.ts` },
    });
    expect([201, 204]).toContain(move.status);
    const copy = await fetch(`${dav}/tmp/job/chunk-0.ts`, {
      method: 'COPY',
      headers: { Destination: `${dav}/tmp/job/chunk-1.ts` },
    });
    expect([201, 204]).toContain(copy.status);
    const listing = await fetch(`${dav}/tmp/job/`, { method: 'PROPFIND', headers: { Depth: '1' } });
    expect(listing.status).toBe(207);
    const xml = await listing.text();
    expect(xml).toContain('/tmp/job/chunk-0.ts');
    expect(xml).toContain('/tmp/job/chunk-1.ts');
    expect(xml).not.toContain('chunk-0.part');
    expect((await fetch(`${dav}/tmp/job/`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${dav}/tmp/job/chunk-0.ts`)).status).toBe(404);
    expect((await fetch(`${edge}/tmp/job/`)).status).toBe(404);
  });

  it('serves results read-only on the edge with HLS types and CORS', async () => {
    expect((await fetch(`${dav}/results/abc/index.m3u8`, { method: 'PUT', body: '#EXTM3U\n' })).status).toBe(201);
    expect((await fetch(`${dav}/results/abc/segment-0-00000.ts`, { method: 'PUT', body: 'ts' })).status).toBe(201);

    const playlist = await fetch(`${edge}/results/abc/index.m3u8`, { headers: { Origin: 'https://player.example' } });
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('access-control-allow-origin')).toBe('*');
    expect(await playlist.text()).toBe('#EXTM3U\n');

    const segment = await fetch(`${edge}/results/abc/segment-0-00000.ts`, { method: 'HEAD' });
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');

    const preflight = await fetch(`${edge}/results/abc/index.m3u8`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://player.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Range');

    for (const method of ['PUT', 'DELETE', 'MKCOL', 'POST']) {
      const refused = await fetch(`${edge}/results/abc/index.m3u8`, { method, body: method === 'PUT' || method === 'POST' ? 'x' : undefined });
      expect({ method, status: refused.status }).toEqual({ method, status: 403 });
    }
    // Workers upload to a dot-named part file, then MOVE it into place: never served half-written.
    expect((await fetch(`${dav}/results/abc/.index.m3u8.part-1`, { method: 'PUT', body: 'partial' })).status).toBe(201);
    expect((await fetch(`${edge}/results/abc/.index.m3u8.part-1`)).status).toBe(404);

    // Still there, unchanged.
    expect(await (await fetch(`${dav}/results/abc/index.m3u8`)).text()).toBe('#EXTM3U\n');
  });
});
