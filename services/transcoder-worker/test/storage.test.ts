import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { download, openStorage, readText, type Storage } from '../src/storage/storage.js';
import { startNginx, type TestNginx } from './nginx.js';

let nginx: TestNginx;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dvt-storage-'));
  nginx = await startNginx(dir);
});
afterAll(async () => {
  await nginx?.stop();
  await rm(dir, { recursive: true, force: true });
});

const timeouts = { connectSeconds: 2, requestSeconds: 5 };

describe.each([
  ['file', () => openStorage(`file://${dir}/files`, timeouts)],
  ['webdav', () => openStorage(`${nginx.davUrl}results`, timeouts)],
])('%s storage', (kind, open) => {
  let storage: Storage;
  beforeAll(() => {
    storage = open();
  });
  afterAll(() => storage.close());

  it('puts, reads back, tells existence and deletes a prefix', async () => {
    const big = path.join(dir, `${kind}-big.bin`);
    const content = Buffer.alloc(3 * 1024 * 1024, 7);
    await writeFile(big, content);
    await storage.put('abc/deep/x.json', '{"a":1}');
    await storage.put('abc/deep/big.bin', { path: big });
    await storage.put('abc/moved.bin', { path: big, move: true });

    expect(await readText(storage, 'abc/deep/x.json')).toBe('{"a":1}');
    expect(await storage.exists('abc/deep/x.json')).toBe(true);
    expect(await storage.exists('abc/missing.json')).toBe(false);
    expect(await readText(storage, 'abc/missing.json')).toBeNull();
    const copy = path.join(dir, `${kind}-copy.bin`);
    await download(storage, 'abc/deep/big.bin', copy);
    expect((await readFile(copy)).equals(content)).toBe(true);
    await expect(readFile(big)).rejects.toThrow(/ENOENT/);

    await storage.put('abc/deep/x.json', '{"a":2}');
    expect(await readText(storage, 'abc/deep/x.json')).toBe('{"a":2}');

    await storage.delete('abc/deep/x.json');
    expect(await storage.exists('abc/deep/x.json')).toBe(false);
    await storage.delete('abc');
    expect(await storage.exists('abc/deep/big.bin')).toBe(false);
    expect(await storage.exists('abc/moved.bin')).toBe(false);
    await storage.delete('abc');
  });

  it('refuses keys that could escape the root', async () => {
    await expect(storage.put('../evil', 'x')).rejects.toThrow(/invalid storage key/);
    await expect(storage.put('a//b', 'x')).rejects.toThrow(/invalid storage key/);
  });

  it('puts and reads a new key after its collection was deleted', async () => {
    await storage.put('again/a.txt', 'one');
    await storage.delete('again');
    await storage.put('again/a.txt', 'two');
    expect(await readText(storage, 'again/a.txt')).toBe('two');
    await storage.delete('again');
  });
});

it('the webdav backend names the failing request', async () => {
  const storage = openStorage('http://127.0.0.1:1/dav/', { connectSeconds: 1, requestSeconds: 1 });
  await expect(storage.exists('x')).rejects.toThrow(/ECONNREFUSED|connect/i);
  await storage.close();
});
