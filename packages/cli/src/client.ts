import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { PageOf, Preset, PresetSnapshot, UploadResponse, Video, VideoStatus } from '@dvt/contracts';
import { request, type Dispatcher } from 'undici';

export interface ApiTarget {
  catalogUrl: string;
  videoUrl: string;
  apiKey?: string;
}

/** An API answered with an error body, or could not be reached at all. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = Dispatcher.HttpMethod;

async function call<T>(target: ApiTarget, base: string, method: Method, pathAndQuery: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const url = new URL(pathAndQuery, base.endsWith('/') ? base : `${base}/`);
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let payload: Readable | string | undefined;
  if (body instanceof Readable) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, { method, headers, body: payload });
  } catch (err) {
    throw new ApiError(`cannot reach ${url.origin} (${(err as Error).message}); is the service running? (pnpm start)`, null);
  }
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON (a proxy's error page, say): report the status and the start of the text.
    if (res.statusCode >= 400) throw new ApiError(`${method} ${url.pathname}: ${res.statusCode} ${text.slice(0, 200)}`, res.statusCode);
    throw new ApiError(`${method} ${url.pathname}: ${res.statusCode} with a body that is not JSON; is ${url.origin} the dvt API?`, res.statusCode);
  }
  if (res.statusCode >= 400) {
    const message = (json as { message?: string } | undefined)?.message ?? text;
    const hint = res.statusCode === 401 ? ` (pass --api-key or set DVT_API_KEY)` : '';
    throw new ApiError(`${method} ${url.pathname}: ${res.statusCode} ${message}${hint}`, res.statusCode);
  }
  return json as T;
}

export function client(target: ApiTarget) {
  const catalog = <T>(m: Method, p: string, b?: unknown) => call<T>(target, target.catalogUrl, m, p, b);
  const video = <T>(m: Method, p: string, b?: unknown, h?: Record<string, string>) => call<T>(target, target.videoUrl, m, p, b, h);
  return {
    listPresets: (cursor?: string) => catalog<PageOf<Preset>>('GET', `presets?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    /** false when catalog-api says the preset does not exist; null when it cannot tell (unreachable, refused). */
    async presetExists(idOrName: string): Promise<boolean | null> {
      try {
        await catalog<unknown>('GET', `presets/${encodeURIComponent(idOrName)}/snapshot`);
        return true;
      } catch (err) {
        return err instanceof ApiError && err.status === 404 ? false : null;
      }
    },
    exportPreset: (idOrName: string) => catalog<PresetSnapshot>('GET', `presets/${encodeURIComponent(idOrName)}/export`),
    importPreset: (doc: unknown, replace: boolean) => catalog<Preset>('POST', `presets/import${replace ? '?replace=true' : ''}`, doc),
    createVideo: (body: { source: string; preset?: string }) => video<Video>('POST', 'videos', body),
    transcodeVideo: (id: string, preset?: string) => video<Video>('POST', `videos/${encodeURIComponent(id)}/transcode`, preset ? { preset } : undefined),
    getVideo: (id: string) => video<Video>('GET', `videos/${encodeURIComponent(id)}`),
    listVideos: (q: { status?: VideoStatus; search?: string; cursor?: string; limit?: number }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
      return video<PageOf<Video>>('GET', `videos?${params}`);
    },
    /** Streams a local file to POST /uploads; the file is never read into memory whole. */
    async upload(file: string): Promise<UploadResponse> {
      const { size } = await stat(file);
      const name = path.basename(file);
      return video<UploadResponse>('POST', `uploads?filename=${encodeURIComponent(name)}`, createReadStream(file), {
        'content-type': 'application/octet-stream',
        'content-length': String(size),
      });
    },
  };
}
export type Client = ReturnType<typeof client>;
