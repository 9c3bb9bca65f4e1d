import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

export interface ResultsStorage {
  /** Removes `{results}/{basename}/`; a missing directory is fine. */
  remove(basename: string): Promise<void>;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Results on `file://` (a directory) or `http(s)://` (WebDAV: DELETE of the collection). */
export function createResultsStorage(uri: URL, timeouts: { connectTimeoutMs: number; requestTimeoutMs: number }): ResultsStorage {
  const guard = (basename: string) => {
    // Storage keys come from our own UUIDs only; anything else is a bug, not a path.
    if (!UUID.test(basename)) throw new Error(`refusing to delete results of a non-UUID basename ${JSON.stringify(basename)}`);
  };
  if (uri.protocol === 'file:') {
    const root = fileURLToPath(uri);
    return {
      async remove(basename) {
        guard(basename);
        await rm(path.join(root, basename), { recursive: true, force: true });
      },
      close: async () => undefined,
    };
  }
  const dispatcher = new Agent({ connect: { timeout: timeouts.connectTimeoutMs }, headersTimeout: timeouts.requestTimeoutMs, bodyTimeout: timeouts.requestTimeoutMs });
  const base = uri.toString().replace(/\/+$/, '');
  const auth = uri.username ? `Basic ${Buffer.from(`${decodeURIComponent(uri.username)}:${decodeURIComponent(uri.password)}`).toString('base64')}` : undefined;
  return {
    async remove(basename) {
      guard(basename);
      const target = new URL(`${base}/${basename}/`);
      target.username = '';
      target.password = '';
      const res = await request(target, { method: 'DELETE', dispatcher, headers: auth ? { authorization: auth } : {} });
      await res.body.dump();
      if (res.statusCode >= 300 && res.statusCode !== 404) throw new Error(`WebDAV DELETE ${target.pathname} answered HTTP ${res.statusCode}`);
    },
    close: () => dispatcher.close(),
  };
}
