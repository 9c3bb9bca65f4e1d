import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { checkKey, type Body, type HttpTimeouts, type Storage } from './storage.js';

type Method = Dispatcher.HttpMethod | 'MKCOL' | 'MOVE';

/**
 * A WebDAV collection (nginx dav module, Apache mod_dav, ...): PUT to a
 * temporary name then MOVE (atomic), MKCOL for parent collections, DELETE,
 * HEAD. Bodies are streamed from files; nothing large is held in memory.
 */
export function webdavStorage(uri: string, timeouts: HttpTimeouts): Storage {
  const base = new URL(uri.endsWith('/') ? uri : `${uri}/`);
  const headers: Record<string, string> = {};
  if (base.username) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const dispatcher = new Agent({
    connect: { timeout: timeouts.connectSeconds * 1000 },
    headersTimeout: timeouts.requestSeconds * 1000,
    bodyTimeout: timeouts.requestSeconds * 1000,
  });
  const url = (key: string) => new URL(key.split('/').map(encodeURIComponent).join('/'), base).toString();
  const created = new Set<string>();

  async function call(method: Method, target: string, extra: Record<string, string> = {}, body?: Readable | Buffer | string) {
    return request(target, { method: method as Dispatcher.HttpMethod, headers: { ...headers, ...extra }, body, dispatcher });
  }

  async function expect(method: Method, target: string, ok: number[], extra?: Record<string, string>, body?: Readable | Buffer | string) {
    const res = await call(method, target, extra, body);
    const text = ok.includes(res.statusCode) ? (await res.body.dump(), '') : (await res.body.text()).slice(0, 200);
    if (!ok.includes(res.statusCode)) throw new Error(`WebDAV ${method} ${target}: HTTP ${res.statusCode} ${text.replace(/\s+/g, ' ')}`);
    return res.statusCode;
  }

  let baseReady = false;
  async function ensureBase(): Promise<void> {
    if (baseReady) return;
    const segments = base.pathname.split('/').filter(Boolean);
    for (let i = 1; i <= segments.length; i += 1) {
      const dir = new URL(`/${segments.slice(0, i).join('/')}/`, base).toString();
      // Ancestors of the base may be outside the DAV location (403/409): best effort; the base itself must exist.
      await expect('MKCOL', dir, i === segments.length ? [201, 405] : [201, 403, 405, 409]);
    }
    baseReady = true;
  }

  async function ensureParents(key: string): Promise<void> {
    await ensureBase();
    const parts = key.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i += 1) {
      const dir = parts.slice(0, i).join('/');
      if (created.has(dir)) continue;
      // 405: exists already.
      await expect('MKCOL', `${url(dir)}/`, [201, 405]);
      created.add(dir);
    }
  }

  async function put(key: string, body: Body): Promise<void> {
    checkKey(key);
    await ensureParents(key);
    const parts = key.split('/');
    const tmpKey = [...parts.slice(0, -1), `.${parts.at(-1)}.part-${randomBytes(4).toString('hex')}`].join('/');
    const file = typeof body === 'object' && !Buffer.isBuffer(body) ? body : null;
    const length = file ? (await stat(file.path)).size : Buffer.byteLength(body as string | Buffer);
    const stream = file ? createReadStream(file.path) : (body as string | Buffer);
    try {
      await expect('PUT', url(tmpKey), [200, 201, 204], { 'content-length': String(length) }, stream);
      await expect('MOVE', url(tmpKey), [201, 204], { destination: url(key), overwrite: 'T' });
    } catch (err) {
      await call('DELETE', url(tmpKey)).then((r) => r.body.dump()).catch(() => undefined);
      throw err;
    }
    if (file?.move) await unlink(file.path);
  }

  return {
    uri,
    put,
    async get(key) {
      const res = await call('GET', url(checkKey(key)));
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`WebDAV GET ${url(key)}: HTTP ${res.statusCode}`);
      }
      return res.body;
    },
    async exists(key) {
      const status = await expect('HEAD', url(checkKey(key)), [200, 404]);
      return status === 200;
    },
    async delete(prefix) {
      checkKey(prefix);
      // A collection needs its trailing slash; a plain object answers 409 to that, so try it next.
      const dir = await expect('DELETE', `${url(prefix)}/`, [200, 204, 404, 409], { depth: 'infinity' });
      if (dir === 409 || dir === 404) await expect('DELETE', url(prefix), [200, 204, 404, 409]);
      for (const c of created) if (c === prefix || c.startsWith(`${prefix}/`)) created.delete(c);
    },
    url,
    localPath: () => null,
    close: () => dispatcher.close(),
  };
}
