import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileStorage } from './file.storage.js';
import { webdavStorage } from './webdav.storage.js';

/** A local file (streamed; `move` lets a backend rename it instead of copying) or small in-memory content. */
export type Body = string | Buffer | { path: string; move?: boolean };

/**
 * Keyed blob storage: `file://` directories or a WebDAV collection. Keys are
 * slash-separated names the worker derives from the basename UUID, never from
 * user input. `put` is atomic: a reader sees the whole object or none.
 */
export interface Storage {
  readonly uri: string;
  put(key: string, body: Body): Promise<void>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Deletes one object or a whole prefix (collection); missing is fine. */
  delete(prefix: string): Promise<void>;
  url(key: string): string;
  /** The object's path on this machine when the backend is local, else null. */
  localPath(key: string): string | null;
  close(): Promise<void>;
}

export interface HttpTimeouts {
  connectSeconds: number;
  requestSeconds: number;
}

const KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  return key;
}

export function openStorage(uri: string, timeouts: HttpTimeouts): Storage {
  if (uri.startsWith('file://')) return fileStorage(uri);
  if (/^https?:\/\//.test(uri)) return webdavStorage(uri, timeouts);
  throw new Error(`unsupported storage URI ${uri} (file:// or http(s)://)`);
}

export async function readText(storage: Storage, key: string): Promise<string | null> {
  if (!(await storage.exists(key))) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.get(key)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Streams an object to a local file. */
export async function download(storage: Storage, key: string, dest: string): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  await pipeline(await storage.get(key), createWriteStream(dest));
}
