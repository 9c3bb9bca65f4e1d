import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkerEvent } from '@dvt/contracts';

export interface FakeVideo {
  status: 'queued' | 'process' | 'done' | 'error';
  taskId: string;
  workerId: string | null;
  leaseExpiresAt: number;
  error: string | null;
  metadata: Record<string, unknown> | null;
  duration: number | null;
  claims: { workerId: string; status: number }[];
}

/**
 * A real HTTP peer standing in for video-api's two worker routes, with the
 * same compare-and-set semantics: claim queued -> process (or take over an
 * expired lease, or the owner claiming again) for the matching taskId, else 409; heartbeat extends the
 * owner's lease, else 409. `apply` plays worker events as video-api would.
 */
export interface FakeVideoApi {
  url: string;
  videos: Map<string, FakeVideo>;
  add(videoId: string, taskId: string): FakeVideo;
  apply(event: WorkerEvent): void;
  /** answer 503 to everything while true */
  down: boolean;
  /** answer 503 to heartbeats only while true */
  heartbeatDown: boolean;
  /** requests received, by route (claim, heartbeat), and heartbeats answered 409 */
  requests: { claim: number; heartbeat: number; heartbeatConflicts: number };
  close(): Promise<void>;
}

export async function startFakeVideoApi(apiKey = 'test-worker-key'): Promise<FakeVideoApi> {
  const videos = new Map<string, FakeVideo>();
  const api: Partial<FakeVideoApi> = { videos, down: false, heartbeatDown: false, requests: { claim: 0, heartbeat: 0, heartbeatConflicts: 0 } };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.url?.endsWith('/claim')) api.requests!.claim += 1;
      if (req.url?.endsWith('/heartbeat')) api.requests!.heartbeat += 1;
      if (api.down || (api.heartbeatDown && req.url?.endsWith('/heartbeat'))) return reply(503, { statusCode: 503, error: 'Service Unavailable', message: 'down' });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { statusCode: 401, error: 'Unauthorized', message: 'bad key' });
      const m = /^\/internal\/videos\/([^/]+)\/(claim|heartbeat)$/.exec(req.url ?? '');
      if (!m || req.method !== 'POST') return reply(404, { statusCode: 404, error: 'Not Found', message: `Route ${req.method}:${req.url} not found` });
      const [, id = '', action] = m;
      const body = JSON.parse(raw || '{}') as { taskId: string; workerId: string; leaseSeconds?: number };
      const v = videos.get(id);
      if (!v) return reply(404, { statusCode: 404, error: 'Not Found', message: 'video not found' }); // video-api's words (domain/lifecycle.ts)
      const now = Date.now();
      const lease = (body.leaseSeconds ?? 60) * 1000;
      const conflict = () => reply(409, { statusCode: 409, error: 'Conflict', message: `video is ${v.status}` });
      if (v.taskId !== body.taskId) return conflict();
      if (action === 'claim') {
        const takeover = v.status === 'process' && v.leaseExpiresAt < now;
        const again = v.status === 'process' && v.workerId === body.workerId; // video-api lets the owner claim again
        if (v.status !== 'queued' && !takeover && !again) {
          v.claims.push({ workerId: body.workerId, status: 409 });
          return conflict();
        }
        Object.assign(v, { status: 'process', workerId: body.workerId, leaseExpiresAt: now + lease });
        v.claims.push({ workerId: body.workerId, status: 200 });
        return reply(200, { videoId: id, taskId: v.taskId, workerId: body.workerId, leaseExpiresAt: new Date(v.leaseExpiresAt).toISOString(), takeover });
      }
      if (v.status !== 'process' || v.workerId !== body.workerId) {
        api.requests!.heartbeatConflicts += 1;
        return conflict();
      }
      v.leaseExpiresAt = now + lease;
      return reply(200, { videoId: id, taskId: v.taskId, workerId: body.workerId, leaseExpiresAt: new Date(v.leaseExpiresAt).toISOString(), takeover: false });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    add(videoId: string, taskId: string) {
      const v: FakeVideo = { status: 'queued', taskId, workerId: null, leaseExpiresAt: 0, error: null, metadata: null, duration: null, claims: [] };
      videos.set(videoId, v);
      return v;
    },
    apply(e: WorkerEvent) {
      const v = videos.get(e.videoId);
      if (!v || v.taskId !== e.taskId || v.status !== 'process') return;
      if (e.type === 'done') Object.assign(v, { status: 'done', metadata: e.metadata, duration: e.duration, workerId: null });
      else if (e.type === 'error') Object.assign(v, { status: 'error', error: e.error, workerId: null });
      else if (e.type === 'requeued') Object.assign(v, { status: 'queued', workerId: null, leaseExpiresAt: 0 });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as FakeVideoApi;
}
