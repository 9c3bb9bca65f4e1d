import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_PRESET, DEFAULT_TOPOLOGY, type PresetSnapshot } from '@dvt/contracts';
import { execa } from 'execa';
import type { Worker } from '../src/worker.js';
import { createHarness, fastPreset, listFiles, type Harness, type RunLog } from './harness.js';

let h: Harness;
let runs: RunLog[];
let main: Worker;
const preset = fastPreset(DEFAULT_PRESET, 1.2);

beforeAll(async () => {
  h = await createHarness('errors');
  ({ runs, worker: main } = await h.startWorker());
}, 60_000);
afterAll(() => h?.close(), 30_000);

async function expectError(source: string, message: RegExp | string, p: PresetSnapshot = preset) {
  const job = h.job(source, p);
  await h.publish(job);
  const video = await h.waitFor(job.videoId, ['done', 'error']);
  expect(video.status).toBe('error');
  expect(video.error).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  // no retry loop: one claim, nothing left in the queue, nothing left on disk
  expect(video.claims).toEqual([{ workerId: expect.any(String), status: 200 }]);
  expect(await h.queueDepth()).toBe(0);
  expect(await listFiles(path.join(h.tempDir, job.basename))).toEqual([]);
  expect(await listFiles(path.join(h.resultsDir, job.basename))).toEqual([]);
  return job;
}

describe('jobs that end in error, with a message a person understands', () => {
  it('a source without video', async () => {
    const file = await h.media.make('audio-only', { video: false, duration: 2 });
    await expectError(h.nginx.mediaUrl(file), 'source has no video stream: found only an audio stream (aac)');
  });

  it('an unreadable file', async () => {
    const file = path.join(h.media.dir, 'garbage.mp4');
    await writeFile(file, 'this is not a video\n'.repeat(100));
    await expectError(h.nginx.mediaUrl(file), /^cannot read the source: .*Invalid data found when processing input/);
  });

  it('a truncated file (index at the end, cut off)', async () => {
    const file = await h.media.make('truncated-tail', { duration: 3 });
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectError(h.nginx.mediaUrl(file), /^cannot read the source: .*moov atom not found/);
  });

  it('a truncated file (index first, media cut off)', async () => {
    const file = await h.media.make('truncated-head', { duration: 6 });
    const fast = path.join(h.media.dir, 'truncated-faststart.mp4');
    await execa('ffmpeg', ['-v', 'error', '-y', '-i', file, '-c', 'copy', '-movflags', '+faststart', fast]);
    const bytes = await readFile(fast);
    await writeFile(fast, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    await expectError(h.nginx.mediaUrl(fast), /^source is truncated: only \d+\.\d s of its 6\.0 s of video could be read$/);
  });

  it('an MP4 with its index at the end, from a server without range requests', async () => {
    const file = await h.media.make('no-range', { duration: 3 });
    const server = http.createServer((_req, res) => createReadStream(file).pipe(res.writeHead(200, { 'content-type': 'video/mp4' })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      await expectError(`http://127.0.0.1:${port}/no-range.mp4`, 'cannot read the source: no video could be read (an MP4 whose index is at its end needs a server that allows HTTP range requests)');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('an unreachable URL', async () => {
    await expectError('http://127.0.0.1:9/missing.mp4', /^cannot read the source: .*Connection refused/);
  });

  it('a URL that answers 404', async () => {
    await expectError(h.nginx.mediaUrl('nope.mp4'), /^cannot read the source: .*404 Not Found/);
  });

  it('no matching profile', async () => {
    const file = await h.media.make('small', { width: 640, height: 360, duration: 2 });
    const strict: PresetSnapshot = { ...preset, name: 'hd-only', videoProfiles: preset.videoProfiles.slice(0, 1) };
    const before = runs.length;
    await expectError(h.nginx.mediaUrl(file), /^no video profile of preset "hd-only" matches the source \(640x360, .*\): 1080p: width 640 < minWidth 1920$/, strict);
    expect(runs.length).toBe(before);
  });
});

describe('poison messages go to the dead-letter queue', () => {
  it('an unknown version: dead-lettered, and the video ends error', async () => {
    const job = h.job('http://127.0.0.1/x.mp4', preset);
    await h.publish(Buffer.from(JSON.stringify({ ...job, version: 2 })));
    const video = await h.waitFor(job.videoId, ['error']);
    expect(video.error).toBe('job message has unknown version 2 (this worker reads 1)');
    await h.waitUntil(async () => (await h.queueDepth(DEFAULT_TOPOLOGY.deadLetterQueue)) === 1, 'the dead-lettered message');
  });

  it('invalid JSON: dead-lettered', async () => {
    await h.publish(Buffer.from('{"version": 1, "videoId": '));
    await h.waitUntil(async () => (await h.queueDepth(DEFAULT_TOPOLOGY.deadLetterQueue)) === 2, 'the dead-lettered message');
    expect(await h.queueDepth()).toBe(0);
  });
});

it('VIDEO_TRANSCODING_TIMEOUT bounds a job: error, ffmpeg killed, nothing left behind', async () => {
  await main.stop();
  const { worker } = await h.startWorker({ transcodingTimeout: 2 });
  const file = await h.media.make('long', { width: 640, height: 360, duration: 8 });
  const job = await expectError(h.nginx.mediaUrl(file), 'transcoding took longer than VIDEO_TRANSCODING_TIMEOUT (2 s)', fastPreset(DEFAULT_PRESET, 1.2, 'slower'));
  expect((await execa('pgrep', ['-f', job.basename], { reject: false })).stdout).toBe('');
  await worker.stop();
}, 60_000);
