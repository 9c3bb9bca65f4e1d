import { PresetSnapshot, compileParser } from '@dvt/contracts';
import { Agent, request } from 'undici';

export type PresetLookup = { ok: true; snapshot: PresetSnapshot } | { ok: false; kind: 'unknown' | 'unavailable'; reason: string };

export interface CatalogClient {
  snapshot(idOrName: string): Promise<PresetLookup>;
  close(): Promise<void>;
}

export interface CatalogClientOptions {
  baseUrl: string;
  apiKey?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

const parseSnapshot = compileParser(PresetSnapshot, 'preset snapshot');

/** catalog-api over HTTP: `GET /presets/{idOrName}/snapshot`. Never throws: the outcome says what went wrong. */
export function createCatalogClient(o: CatalogClientOptions): CatalogClient {
  const dispatcher = new Agent({ connect: { timeout: o.connectTimeoutMs }, headersTimeout: o.requestTimeoutMs, bodyTimeout: o.requestTimeoutMs });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
  return {
    async snapshot(idOrName) {
      const url = `${o.baseUrl}/presets/${encodeURIComponent(idOrName)}/snapshot`;
      try {
        const res = await request(url, { method: 'GET', headers, dispatcher });
        const text = await res.body.text();
        if (res.statusCode === 404 || res.statusCode === 400) return { ok: false, kind: 'unknown', reason: `preset ${JSON.stringify(idOrName)} does not exist` };
        if (res.statusCode !== 200) return { ok: false, kind: 'unavailable', reason: `catalog-api answered HTTP ${res.statusCode}` };
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return { ok: false, kind: 'unavailable', reason: 'catalog-api answered invalid JSON' };
        }
        const parsed = parseSnapshot(body);
        return parsed.ok ? { ok: true, snapshot: parsed.value } : { ok: false, kind: 'unavailable', reason: `catalog-api answered an ${parsed.error}` };
      } catch (err) {
        return { ok: false, kind: 'unavailable', reason: `catalog-api is unreachable: ${(err as Error).message}` };
      }
    },
    close: () => dispatcher.close(),
  };
}
