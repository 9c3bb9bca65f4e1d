import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

/** Where uploaded sources live: a directory (`file://`) or a WebDAV collection (`http(s)://`). */
export interface SourcesStorage {
  /** Streams `body` to `key`; a half-written upload is never visible under `key`. */
  put(key: string, body: Readable, size?: number): Promise<void>;
  /** The URL a worker reads the source from (http(s), as POST /videos requires). */
  sourceUrl(key: string): string;
  /** The inverse of sourceUrl: the key of one of our uploads, or null for any other URL. */
  keyOf(url: string): string | null;
  /** What ffprobe opens to sniff the upload, and the protocols it needs for that. */
  probeTarget(key: string): { input: string; protocols: string };
  remove(key: string): Promise<void>;
  close(): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}(-[a-z0-9][a-z0-9-]{0,39})?(\.[a-z0-9]{1,8})?$/;
/** The key of `url` under `prefix`, compared as URLs: host case, a query or a fragment do not matter. */
const keyAfter = (prefix: string, url: string): string | null => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const p = new URL(prefix);
  if (u.origin !== p.origin || !u.pathname.startsWith(p.pathname)) return null;
  const key = u.pathname.slice(p.pathname.length);
  return KEY.test(key) ? key : null;
};
const guard = (key: string) => {
  if (!KEY.test(key)) throw new Error(`refusing a storage key not derived from a UUID: ${JSON.stringify(key)}`);
};

export function createSourcesStorage(uri: URL, o: { publicUrl: string; connectTimeoutMs: number; uploadTimeoutMs: number }): SourcesStorage {
  if (uri.protocol === 'file:') {
    const root = fileURLToPath(uri);
    return {
      async put(key, body) {
        guard(key);
        await mkdir(root, { recursive: true });
        const part = path.join(root, `.${key}.part`);
        try {
          await pipeline(body, createWriteStream(part));
          await rename(part, path.join(root, key));
        } catch (err) {
          await rm(part, { force: true });
          throw err;
        }
      },
      // Served by this service at /media/sources/ (see routes/media.ts).
      sourceUrl: (key) => `${o.publicUrl}/media/sources/${key}`,
      keyOf: (url) => keyAfter(`${o.publicUrl}/media/sources/`, url),
      probeTarget: (key) => ({ input: path.join(root, key), protocols: 'file' }),
      async remove(key) {
        guard(key);
        await rm(path.join(root, key), { force: true });
      },
      close: async () => undefined,
    };
  }

  const dispatcher = new Agent({ connect: { timeout: o.connectTimeoutMs }, headersTimeout: o.uploadTimeoutMs, bodyTimeout: o.uploadTimeoutMs });
  const base = new URL(uri.toString().replace(/\/*$/, '/'));
  const auth = base.username ? `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}` : undefined;
  base.username = '';
  base.password = '';
  const target = (key: string) => new URL(key, base);
  const headers = (extra: Record<string, string> = {}) => (auth ? { authorization: auth, ...extra } : extra);
  const call = async (method: 'PUT' | 'DELETE' | 'MOVE', key: string, init: { body?: Readable; headers?: Record<string, string> } = {}) => {
    const res = await request(target(key), { method, dispatcher, body: init.body, headers: headers(init.headers) });
    await res.body.dump();
    return res.statusCode;
  };
  return {
    async put(key, body, size) {
      guard(key);
      const part = `.${key}.part`;
      const put = await call('PUT', part, { body, headers: size === undefined ? {} : { 'content-length': String(size) } });
      if (put >= 300) throw new Error(`WebDAV PUT ${target(part).pathname} answered HTTP ${put}`);
      const moved = await call('MOVE', part, { headers: { destination: target(key).pathname, overwrite: 'T' } });
      if (moved >= 300) {
        await call('DELETE', part).catch(() => undefined);
        throw new Error(`WebDAV MOVE to ${target(key).pathname} answered HTTP ${moved}`);
      }
    },
    sourceUrl: (key) => target(key).toString(),
    keyOf: (url) => keyAfter(base.toString(), url),
    probeTarget: (key) => ({ input: target(key).toString(), protocols: base.protocol === 'https:' ? 'https,tls,tcp' : 'http,tcp' }),
    async remove(key) {
      guard(key);
      const status = await call('DELETE', key);
      if (status >= 300 && status !== 404) throw new Error(`WebDAV DELETE ${target(key).pathname} answered HTTP ${status}`);
    },
    close: () => dispatcher.close(),
  };
}
