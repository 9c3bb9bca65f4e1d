import type { ClaimRequest, HeartbeatRequest } from '@dvt/contracts';
import { Agent, request } from 'undici';

/** 'gone': video-api has no such video (deleted): its files are nobody's any more. */
export type LeaseResult = 'ok' | 'conflict' | 'gone';

/**
 * video-api answers with this client error when something is wrong on our side
 * (a VIDEO_API_URL that does not reach video-api's worker routes, a wrong
 * WORKER_API_KEY): every job would fail the same way, so the caller retries with
 * its backoff and requeues the delivery instead of dropping it.
 */
export class VideoApiConfigError extends Error {
  override readonly name = 'VideoApiConfigError';
}

/** video-api's own 404 for a video that does not exist (domain/lifecycle.ts), as opposed to an unknown route. */
export const VIDEO_NOT_FOUND = 'video not found';

/**
 * What an answer of claim/heartbeat means: 'ok', 'conflict' (409), 'gone' (the video is
 * gone: not ours to transcode), 'config' (any other 404, 401, 403: the worker is
 * misconfigured), 'retry' (5xx and anything else: video-api is unwell).
 */
export function classifyLeaseAnswer(statusCode: number, body: string): LeaseResult | 'config' | 'retry' {
  if (statusCode >= 200 && statusCode < 300) return 'ok';
  if (statusCode === 409) return 'conflict';
  if (statusCode === 404) {
    let message: unknown;
    try {
      message = (JSON.parse(body) as { message?: unknown }).message;
    } catch {
      message = undefined;
    }
    return message === VIDEO_NOT_FOUND ? 'gone' : 'config';
  }
  if (statusCode === 401 || statusCode === 403) return 'config';
  return 'retry';
}

/** The worker's two calls to video-api. Network failures and 5xx throw (the caller retries); 409 and "video not found" mean "not yours". */
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
    const url = `${baseUrl}${path}`;
    const res = await request(url, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
    const text = await res.body.text();
    const answer = classifyLeaseAnswer(res.statusCode, text);
    if (answer === 'ok' || answer === 'conflict' || answer === 'gone') return answer;
    const detail = `HTTP ${res.statusCode} ${text.slice(0, 200)}`;
    if (answer === 'config') {
      const hint = res.statusCode === 404 ? 'check VIDEO_API_URL (it must reach video-api, whose routes start with /internal/videos)' : 'check WORKER_API_KEY (it must be one of video-api\'s WORKER_API_KEYS)';
      throw new VideoApiConfigError(`video-api POST ${url} answered ${detail}: ${hint}`);
    }
    throw new Error(`video-api POST ${path}: ${detail}`);
  }

  return {
    claim: (videoId, body) => post(`/internal/videos/${encodeURIComponent(videoId)}/claim`, body),
    heartbeat: (videoId, body) => post(`/internal/videos/${encodeURIComponent(videoId)}/heartbeat`, body),
    close: () => dispatcher.close(),
  };
}
