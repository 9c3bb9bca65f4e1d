import type { ClaimRequest, HeartbeatRequest } from '@dvt/contracts';
import { Agent, request } from 'undici';

export type LeaseResult = 'ok' | 'conflict';

/** The worker's two calls to video-api. Network failures and 5xx throw (the caller retries); 404/409 mean "not yours". */
export interface VideoApiClient {
  claim(videoId: string, body: ClaimRequest): Promise<LeaseResult>;
  heartbeat(videoId: string, body: HeartbeatRequest): Promise<LeaseResult>;
  close(): Promise<void>;
}

export function createVideoApiClient(baseUrl: string, apiKey: string, timeouts: { connectSeconds: number; requestSeconds: number }): VideoApiClient {
  const dispatcher = new Agent({
    connect: { timeout: timeouts.connectSeconds * 1000 },
    headersTimeout: timeouts.requestSeconds * 1000,
    bodyTimeout: timeouts.requestSeconds * 1000,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;

  async function post(path: string, body: unknown): Promise<LeaseResult> {
    const res = await request(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
    const text = await res.body.text();
    if (res.statusCode >= 200 && res.statusCode < 300) return 'ok';
    if (res.statusCode === 409 || res.statusCode === 404) return 'conflict';
    throw new Error(`video-api POST ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  }

  return {
    claim: (videoId, body) => post(`/internal/videos/${encodeURIComponent(videoId)}/claim`, body),
    heartbeat: (videoId, body) => post(`/internal/videos/${encodeURIComponent(videoId)}/heartbeat`, body),
    close: () => dispatcher.close(),
  };
}
