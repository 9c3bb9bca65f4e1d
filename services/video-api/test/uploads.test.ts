import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import path from 'node:path';
import { createMediaDir, type MediaDir } from '@dvt/testkit';
import { sql } from 'kysely';
import { request } from 'undici';
import { judgeProbe } from '../src/domain/media-probe.js';
import { uploadKey } from '../src/domain/upload.service.js';
import { createSourcesStorage } from '../src/clients/sources.storage.js';
import { startHarness, type Harness } from './harness.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('upload keys and sniffing (pure)', () => {
  it.each([
    ['clip.MP4', '-clip.mp4'],
    ['a.b.mkv', '-a-b.mkv'],
    ['../../etc/passwd', '-etc-passwd'],
    ['noext', '-noext'],
    ['weird.ext with space', '-weird-ext-with-space'],
    ['x.toolongextension', '-x-toolongextension'],
    ['Été à Paris (final).mov', '-ete-a-paris-final.mov'],
    ['日本語.mp4', '.mp4'],
    ['.mp4', '.mp4'],
    [`${'long-name-'.repeat(10)}.webm`, '-long-name-long-name-long-name-long-name.webm'],
  ])('keeps a slug of the name and a safe extension of %j', (name, suffix) => {
    const key = uploadKey(name, '6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11');
    expect(key).toBe(`6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11${suffix}`);
    expect(key).toMatch(/^[0-9a-f-]{36}(-[a-z0-9][a-z0-9-]{0,39})?(\.[a-z0-9]{1,8})?$/);
  });

  it.each([
    ['file:///srv/sources', 'http://api.example/media/sources/'],
    ['https://user:pw@dav.example/sources', 'https://dav.example/sources/'],
  ])('knows its own upload URLs and no others (%s)', async (uri, prefix) => {
    const storage = createSourcesStorage(new URL(uri), { publicUrl: 'http://api.example', connectTimeoutMs: 1000, uploadTimeoutMs: 1000 });
    const key = '6f1c1c1e-58a4-4d4e-9b1a-0f3c2b1a9d11.mp4';
    expect(storage.sourceUrl(key)).toBe(`${prefix}${key}`);
    expect(storage.keyOf(storage.sourceUrl(key))).toBe(key);
    expect(storage.keyOf(`${prefix}../${key}`)).toBeNull();
    expect(storage.keyOf(`${prefix}sub/${key}`)).toBeNull();
    expect(storage.keyOf(`http://elsewhere.example/media/sources/${key}`)).toBeNull();
    expect(storage.keyOf(storage.sourceUrl(key).replace('.example', '.EXAMPLE'))).toBe(key); // host case does not matter
    expect(storage.keyOf(`${prefix}${key}?download=1#t=3`)).toBe(key);
    await storage.close();
  });

  it('accepts audio or video streams and refuses anything else', () => {
    expect(judgeProbe('{"streams":[{"codec_type":"video"},{"codec_type":"audio"}]}')).toEqual({ ok: true, streams: ['video', 'audio'] });
    expect(judgeProbe('{"streams":[{"codec_type":"data"}]}')).toEqual({ ok: false, reason: 'it has no audio or video stream' });
    expect(judgeProbe('not json')).toEqual({ ok: false, reason: 'ffprobe printed no readable result' });
    expect(judgeProbe('{"streams":[{"codec_type":"video","codec_name":"ansi"}],"format":{"format_name":"tty"}}')).toEqual({ ok: false, reason: 'ffprobe sees it as text (tty)' });
    expect(judgeProbe('{"streams":[{"codec_type":"video"}],"format":{"format_name":"png_pipe"}}')).toEqual({ ok: false, reason: 'ffprobe sees it as a still image (png_pipe)' });
    expect(judgeProbe('{"streams":[{"codec_type":"video"}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2"}}')).toEqual({ ok: true, streams: ['video'] });
  });
});

describe('POST /uploads (file storage)', () => {
  let h: Harness;
  let media: MediaDir;
  let sourcesDir: string;
  const upload = async (filename: string | null, body: Buffer | Readable, headers: Record<string, string> = {}) => {
    const res = await request(`${h.base}/uploads${filename === null ? '' : `?filename=${encodeURIComponent(filename)}`}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream', ...headers },
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: JSON.parse(text) as { source?: string; message?: string } };
  };
  const leftovers = async () => (await readdir(sourcesDir).catch(() => [] as string[])).sort();

  beforeAll(async () => {
    h = await startHarness({ env: { MAX_UPLOAD_BYTES: '300000', PUBLIC_URL: 'http://edge.example:8000' } });
    media = await createMediaDir();
    sourcesDir = path.join(path.dirname(h.resultsDir), 'sources');
  });
  afterAll(async () => {
    await h?.close();
    await media?.cleanup();
  });

  it('streams a media file to storage and answers a source URL that serves the same bytes', async () => {
    const file = await media.make('clip', { width: 160, height: 90, duration: 1 });
    const bytes = await readFile(file);
    const res = await upload('my clip.mp4', bytes);
    expect(res.status).toBe(201);
    expect(res.json.source).toMatch(new RegExp(`^http://edge\\.example:8000/media/sources/${UUID}-my-clip\\.mp4$`));
    const served = await request(`${h.base}${new URL(res.json.source!).pathname}`);
    expect(served.statusCode).toBe(200);
    expect(Buffer.from(await served.body.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await leftovers()).toEqual([path.basename(new URL(res.json.source!).pathname)]);
  });

  it('the returned source is accepted by POST /videos', async () => {
    const res = await upload('a.mp4', await readFile(await media.make('b', { width: 160, height: 90, duration: 1, audio: false })));
    const created = await h.request('POST', '/videos', { source: res.json.source, transcode: false });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ source: string }>().source).toBe(res.json.source);
  });

  it('an upload goes with the last video that names it; a source elsewhere is never touched', async () => {
    const res = await upload('shared.mp4', await readFile(await media.make('shared', { width: 160, height: 90, duration: 1, audio: false })));
    const key = path.basename(new URL(res.json.source!).pathname);
    const first = (await h.request('POST', '/videos', { source: res.json.source, transcode: false })).json<{ id: string }>();
    const second = (await h.request('POST', '/videos', { source: res.json.source, transcode: false })).json<{ id: string }>();
    // the same upload spelled another way (host case, a fragment) still counts as a use
    const spelled = new URL(res.json.source!);
    spelled.hash = 't=1';
    const third = (await h.request('POST', '/videos', { source: spelled.toString().replace('edge.example', 'EDGE.example'), transcode: false })).json<{ id: string }>();
    const elsewhere = (await h.request('POST', '/videos', { source: `http://edge.example:8000/media/sources/${key}.other`, transcode: false })).json<{ id: string }>();
    // the user's file name is part of the key: a search finds the videos by it
    const found = (await h.request('GET', '/videos?search=Shared')).json<{ items: { id: string }[] }>().items.map((v) => v.id);
    expect(found).toEqual(expect.arrayContaining([first.id, second.id]));
    expect((await h.request('DELETE', `/videos/${elsewhere.id}`)).statusCode).toBe(204);
    expect((await h.request('DELETE', `/videos/${first.id}`)).statusCode).toBe(204);
    expect(await leftovers()).toContain(key); // the second video still needs it
    expect((await h.request('DELETE', `/videos/${second.id}`)).statusCode).toBe(204);
    expect(await leftovers()).toContain(key); // the third, spelled differently, still needs it
    expect((await h.request('DELETE', `/videos/${third.id}`)).statusCode).toBe(204);
    expect(await leftovers()).not.toContain(key);
  });

  it('removes uploads no video named within UPLOAD_TTL, and only those', async () => {
    const make = async (name: string) => {
      const res = await upload(`${name}.mp4`, await readFile(await media.make(name, { width: 160, height: 90, duration: 1, audio: false })));
      return { source: res.json.source!, key: path.basename(new URL(res.json.source!).pathname) };
    };
    const [orphan, used, fresh] = [await make('orphan'), await make('used'), await make('fresh')];
    await h.request('POST', '/videos', { source: used.source.replace('edge.example', 'EDGE.example'), transcode: false });
    const age = (key: string) => sql`update uploads set created_at = now() - interval '2 days' where key = ${key}`.execute(h.runtime.db);
    await age(orphan.key);
    await age(used.key);
    expect(await h.runtime.sweepUploads()).toBe(1);
    const left = await leftovers();
    expect(left).not.toContain(orphan.key);
    expect(left).toEqual(expect.arrayContaining([used.key, fresh.key]));
    const rows = (await h.runtime.db.selectFrom('uploads').select('key').execute()).map((r) => r.key);
    expect(rows).not.toContain(orphan.key);
    expect(rows).toEqual(expect.arrayContaining([used.key, fresh.key]));
  });

  it.each([
    ['a body that is text', 'notes.txt', Buffer.from('hello, I am not a video\n'.repeat(50)), {}, 400, /^body is not media: ffprobe sees it as text \(tty\) \(file "notes.txt"\)$/],
    ['a body that is random bytes', 'noise.mp4', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)), {}, 400, /^body is not media: /],
    ['an empty body', 'empty.mp4', Buffer.alloc(0), {}, 400, /^body is empty: send the media file as the request body$/],
    ['a multipart form (curl -F)', 'clip.mp4', Buffer.from('--b\r\ncontent-disposition: form-data; name="file"\r\n\r\nxx\r\n--b--\r\n'), { 'content-type': 'multipart/form-data; boundary=b' }, 415, /^multipart bodies are not accepted: send the file itself as the body/],
    ['a body over MAX_UPLOAD_BYTES', 'big.mp4', Buffer.alloc(400_000, 1), {}, 413, /^upload is larger than MAX_UPLOAD_BYTES \(400000 > 300000 bytes\)$/],
    ['a body over MAX_UPLOAD_BYTES sent chunked (no content-length)', 'big.mp4', Readable.from([Buffer.alloc(200_000, 1), Buffer.alloc(200_000, 2)]), {}, 413, /^upload is larger than MAX_UPLOAD_BYTES \(300000 bytes\)$/],
  ])('refuses %s and keeps nothing', async (_what, name, body, headers, status, message) => {
    const before = await leftovers();
    const res = await upload(name, body, headers);
    expect(res.status).toBe(status);
    expect(res.json.message).toMatch(message);
    expect(await leftovers()).toEqual(before);
  });

  it('refuses a request with no body and no content type (400, not 500)', async () => {
    const res = await request(`${h.base}/uploads?filename=x.mp4`, { method: 'POST' });
    expect(res.statusCode).toBe(400);
    expect(((await res.body.json()) as { message: string }).message).toBe('body is empty: send the media file as the request body');
  });

  it.each([
    [null, 'querystring/filename is required'],
    ['', 'filename'],
    ['dir/name.mp4', 'filename'],
  ])('names the filename parameter when it is %j', async (name, message) => {
    const res = await upload(name, Buffer.from('x'));
    expect(res.status).toBe(400);
    expect(res.json.message).toContain(message);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await h.request('GET', '/docs/json')).json<{ paths: Record<string, { post?: { responses: Record<string, unknown> } }> }>();
    expect(Object.keys(doc.paths['/uploads']?.post?.responses ?? {}).sort()).toEqual(['201', '400', '401', '413', '415', '503']);
  });
});
