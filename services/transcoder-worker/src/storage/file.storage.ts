import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { checkKey, type Body, type Storage } from './storage.js';

/** `file:///abs/dir` or `file://./relative/dir` (relative to the working directory). */
export function fileRoot(uri: string): string {
  const rest = decodeURIComponent(uri.slice('file://'.length));
  return path.resolve(rest.startsWith('/') ? rest : `./${rest}`);
}

const tmpName = (dest: string) => path.join(path.dirname(dest), `.${path.basename(dest)}.part-${randomBytes(4).toString('hex')}`);

export function fileStorage(uri: string): Storage {
  const root = fileRoot(uri);
  const full = (key: string) => path.join(root, checkKey(key));

  async function put(key: string, body: Body): Promise<void> {
    const dest = full(key);
    await mkdir(path.dirname(dest), { recursive: true });
    if (typeof body === 'object' && !Buffer.isBuffer(body) && body.move) {
      try {
        await rename(body.path, dest);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      }
    }
    const tmp = tmpName(dest);
    try {
      if (typeof body === 'string' || Buffer.isBuffer(body)) await writeFile(tmp, body);
      else await copyFile(body.path, tmp);
      await rename(tmp, dest);
      if (typeof body === 'object' && !Buffer.isBuffer(body) && body.move) await unlink(body.path);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  return {
    uri,
    put,
    get: async (key): Promise<Readable> => {
      const file = full(key);
      await stat(file);
      return createReadStream(file);
    },
    exists: async (key) => {
      try {
        await stat(full(key));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },
    delete: (prefix) => rm(full(prefix), { recursive: true, force: true }),
    url: (key) => `file://${full(key)}`,
    localPath: (key) => full(key),
    close: async () => undefined,
  };
}
