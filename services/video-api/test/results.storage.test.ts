import http from 'node:http';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createResultsStorage } from '../src/clients/results.storage.js';

const B = '5d0c3a8e-4b7f-4c2d-9e1a-0f6b7c8d9e0a';
const timeouts = { connectTimeoutMs: 1000, requestTimeoutMs: 2000 };

describe('results storage on WebDAV', () => {
  const requests: { method?: string; url?: string; auth?: string }[] = [];
  let status = 204;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({ method: req.method, url: req.url, auth: req.headers.authorization });
      res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://dav:secret@127.0.0.1:${(server.address() as AddressInfo).port}/results/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('DELETEs the basename collection with the URL credentials as basic auth', async () => {
    const storage = createResultsStorage(new URL(base), timeouts);
    await storage.remove(B);
    expect(requests.at(-1)).toEqual({ method: 'DELETE', url: `/results/${B}/`, auth: `Basic ${Buffer.from('dav:secret').toString('base64')}` });
    status = 404;
    await expect(storage.remove(B)).resolves.toBeUndefined();
    status = 500;
    await expect(storage.remove(B)).rejects.toThrow(/HTTP 500/);
    await storage.close();
  });

  it('refuses a basename that is not a UUID', async () => {
    const storage = createResultsStorage(new URL(base), timeouts);
    const before = requests.length;
    await expect(storage.remove('../etc')).rejects.toThrow(/non-UUID/);
    expect(requests).toHaveLength(before);
    await storage.close();
  });
});

describe('results storage on file://', () => {
  it('removes only {results}/{basename}/', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'results-'));
    try {
      await mkdir(path.join(root, B), { recursive: true });
      await writeFile(path.join(root, B, 'index.m3u8'), '#EXTM3U\n');
      await writeFile(path.join(root, 'keep.txt'), 'x');
      const storage = createResultsStorage(pathToFileURL(root), timeouts);
      await storage.remove(B);
      await storage.remove(B);
      await expect(stat(path.join(root, B))).rejects.toThrow(/ENOENT/);
      expect((await stat(path.join(root, 'keep.txt'))).isFile()).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
