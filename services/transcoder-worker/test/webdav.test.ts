import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DEFAULT_PRESET } from '@dvt/contracts';
import { createHarness, fastPreset, listFiles, type Harness } from './harness.js';
import { offSegments, probeDuration, readHls } from './hls-check.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('webdav');
}, 60_000);
afterAll(() => h?.close(), 30_000);

it('temp workspace and results on WebDAV (nginx): HLS uploaded, plays over HTTP, workspace deleted', async () => {
  const file = await h.media.make('dav-source', { width: 854, height: 480, fps: 25, duration: 5, videoBitrate: 1_500_000 });
  const { runs } = await h.startWorker({ tempUri: `${h.nginx.davUrl}tmp`, resultsUri: `${h.nginx.davUrl}results` });
  const job = h.job(h.nginx.mediaUrl(file), fastPreset(DEFAULT_PRESET, 1.2));
  await h.publish(job);
  const video = await h.waitFor(job.videoId, ['done', 'error']);
  expect(video.error).toBeNull();
  expect(video.metadata).toMatchObject({ videoProfile: '480p' });
  expect(runs.filter((r) => r.step === 'transcode')).toHaveLength(3);

  const base = `${h.nginx.davUrl}results/${job.basename}/`;
  const { master, media } = await readHls(base);
  expect(master.playlists?.map((p) => p.attributes.RESOLUTION)).toEqual([
    { width: 854, height: 480 },
    { width: 640, height: 360 },
  ]);
  for (const m of media) expect(offSegments(m, 1.2)).toEqual([]);
  expect(Math.abs((await probeDuration(`${base}index.m3u8`)) - 5)).toBeLessThanOrEqual(0.1);
  expect(await listFiles(`${h.nginx.davDir}/tmp/${job.basename}`)).toEqual([]);
  expect(await listFiles(`${h.nginx.davDir}/results/${job.basename}`)).toEqual(expect.arrayContaining(['index.m3u8', 'playlist-0.m3u8', 'playlist-1.m3u8', 'segment-0-00000.ts']));
  // nothing half-written was left behind
  expect((await listFiles(`${h.nginx.davDir}/results/${job.basename}`)).filter((f) => f.includes('.part-'))).toEqual([]);
}, 120_000);

it('an error on WebDAV storage leaves neither workspace nor results behind', async () => {
  const { worker } = await h.startWorker({ tempUri: `${h.nginx.davUrl}tmp`, resultsUri: `${h.nginx.davUrl}results` });
  const job = h.job(h.nginx.mediaUrl('missing.mp4'), fastPreset(DEFAULT_PRESET, 1.2));
  await h.publish(job);
  const video = await h.waitFor(job.videoId, ['done', 'error']);
  expect(video.error).toMatch(/^cannot read the source: .*404 Not Found/);
  expect(await listFiles(`${h.nginx.davDir}/tmp/${job.basename}`)).toEqual([]);
  expect(await listFiles(`${h.nginx.davDir}/results/${job.basename}`)).toEqual([]);
  await worker.stop();
}, 60_000);
