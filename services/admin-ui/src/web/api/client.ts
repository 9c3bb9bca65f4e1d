import type { ErrorBody } from '@dvt/contracts';

/** A non-2xx answer from an API, carrying fastify's error body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ApiName = 'catalog' | 'video';
const KEY_STORAGE = 'dvt.apiKey';
export const UNAUTHORIZED_EVENT = 'dvt:unauthorized';

export const apiKey = {
  get: (): string => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set(value: string): void {
    if (value) sessionStorage.setItem(KEY_STORAGE, value);
    else sessionStorage.removeItem(KEY_STORAGE);
  },
};

export function authHeaders(): Record<string, string> {
  const key = apiKey.get();
  return key ? { authorization: `Bearer ${key}` } : {};
}

type Query = Record<string, string | number | undefined | null>;

export function apiUrl(api: ApiName, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/${api}${path}${qs ? `?${qs}` : ''}`;
}

/** Turns an error answer into an ApiError with the API's own message (it names the field). */
export function errorFromResponse(status: number, text: string): ApiError {
  let message = text || `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON (a proxy error page, say): keep the raw text
  }
  if (status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
  if (status === 502 || status === 503 || status === 504) message = `The service is unavailable (HTTP ${status}): ${message}`;
  return new ApiError(status, message);
}

export async function request<T>(api: ApiName, method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(api, path, options.query), { method, headers, body });
  } catch (err) {
    throw new ApiError(0, `Network error: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw errorFromResponse(res.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
