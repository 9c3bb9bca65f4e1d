/**
 * The video pages in headless Chromium against the real services (test/system.ts):
 * an uploaded source followed live to `done` without a reload, then played with
 * hls.js; the pages at a phone's width.
 */
import { describe, expect, it } from '@jest/globals';
import type { AudioTrack, Preset, Video, VideoTrack } from '@dvt/contracts';
import { screenshot } from './browser.js';
import { e2eSession } from './e2e-session.js';

const s = e2eSession({ name: 'videos', chunkDuration: 2 });

/** A small, fast ladder made through the REST API (the catalog e2e test makes one through the forms). */
async function fastPreset(): Promise<string> {
  const { catalogUrl } = s.system;
  const preset = await s.api<Preset>(catalogUrl, 'POST', '/presets', { name: 'e2e-fast' });
  const video = await s.api<VideoTrack>(catalogUrl, 'POST', '/video-tracks', {
    presetId: preset.id,
    name: 'sd360',
    params: { codec: 'libx264', constantRateFactor: 28, preset: 'ultrafast', maxRate: 800_000, bufSize: 1_600_000, profile: 'main', pixFmt: 'yuv420p', width: 640, height: 360, frameRate: 30, gopSize: 60, forceKeyFrames: 'expr:gte(t,n_forced*2)' },
  });
  const audio = await s.api<AudioTrack>(catalogUrl, 'POST', '/audio-tracks', { presetId: preset.id, name: 'aac96', params: { codec: 'aac', bitrate: 96_000, channels: 2, sampleRate: 48_000 } });
  await s.api(catalogUrl, 'POST', '/video-profiles', { presetId: preset.id, name: 'any', orderNumber: 0, segmentDuration: 2, tracks: [video.id] });
  await s.api(catalogUrl, 'POST', '/audio-profiles', { presetId: preset.id, name: 'any', orderNumber: 0, tracks: [audio.id] });
  return preset.name;
}

describe('video pages in a real browser', () => {
  it('uploads an 8 s source, follows it live to done and plays it with hls.js', async () => {
    const presetName = await fastPreset();
    const file = await s.media.make('e2e-source', { width: 640, height: 360, duration: 8, fps: 30 });
    const { page, problems } = await s.openPage('#/videos');
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole('button', { name: 'Add a video' }).click();
    await page.getByLabel('Media file').setInputFiles(file);
    await page.getByLabel('Preset').selectOption(presetName);
    await page.getByRole('button', { name: 'Upload and create' }).click();
    // Either the new video's page opens, or the form shows what the API said.
    const created = page.getByRole('link', { name: '← All videos' });
    const refused = page.locator('form.create-video .form-error');
    await created.or(refused).first().waitFor({ timeout: 30_000 });
    if (await refused.count()) {
      await screenshot(page, '3-upload-refused');
      throw new Error(`the UI could not upload or create the video: ${await refused.innerText()}`);
    }

    // Named after the file the person uploaded, not the storage key.
    await page.getByRole('heading', { level: 1, name: 'e2e-source.mp4', exact: true }).waitFor({ timeout: 10_000 });

    // Watch the status badge change by itself (the page polls; nobody reloads).
    const badge = page.locator('.page-head [data-status]');
    const seen = new Set<string>();
    let progressShot = false;
    let seenProgress = false;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = (await badge.getAttribute('data-status', { timeout: 1000 }).catch(() => null)) ?? '';
      if (status) seen.add(status);
      // A picture of the live progress: the first one seen, replaced once by one mid-transcode.
      const progress = page.getByTestId('progress-text');
      if (status === 'process' && !progressShot && (await progress.count())) {
        const text = await progress.innerText();
        if (/^(transcode|segment): [1-9]/.test(text) || !seenProgress) await screenshot(page, '3a-video-processing');
        seenProgress = true;
        progressShot = /^(transcode|segment): [1-9]/.test(text);
      }
      if (status === 'done' || status === 'error') break;
      if (Date.now() > deadline) throw new Error(`the video did not finish within 120 s; statuses seen: ${[...seen].join(', ')}; logs in ${s.system.logDir}`);
      await page.waitForTimeout(200);
    }
    const errorCard = page.locator('.error-card');
    const error = (await errorCard.count()) ? await errorCard.innerText() : '';
    expect({ status: await badge.getAttribute('data-status'), error }).toEqual({ status: 'done', error: '' });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect([...seen].some((s) => s === 'queued' || s === 'process')).toBe(true);

    // Play it: currentTime passes 2 s with no fatal hls.js error.
    const video = page.getByTestId('player');
    await video.waitFor();
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
        return Boolean(v && v.currentTime > 2) || Boolean(document.querySelector('[data-testid="player-error"]'));
      },
      undefined,
      { timeout: 30_000 },
    );
    const fatal = page.getByTestId('player-error');
    const playerError = (await fatal.count()) ? await fatal.innerText() : '';
    expect(playerError).toBe('');
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(2);
    // The rendition picker lists the ladder's rendition; the playback URL is the API's.
    const options = await page.getByLabel('Rendition').locator('option').allInnerTexts();
    expect(options[0]).toBe('Auto (adaptive)');
    expect(options.slice(1).join('|')).toContain('640×360');
    expect(await page.getByLabel('Playback URL (HLS master playlist)').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/.+\.m3u8$/);
    await screenshot(page, '3b-video-playing');

    // The same page and the list at a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '4a-phone-video');
    await page.goto(`${s.system.uiUrl}/#/videos`);
    await page.locator('[data-status="done"]').first().waitFor();
    await screenshot(page, '4b-phone-videos');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The list at 1280x800: no column cut off at the right edge.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.locator('[data-status="done"]').first().waitFor();
    await screenshot(page, '4c-videos-1280');
    const cut = await page.evaluate(() => {
      const table = document.querySelector('table');
      const box = table?.parentElement?.getBoundingClientRect();
      const cells = [...(table?.querySelectorAll('tbody td:not(.source)') ?? [])];
      const spilled = cells.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent);
      return table && box ? { table: table.scrollWidth, room: Math.round(box.width), page: document.documentElement.scrollWidth - document.documentElement.clientWidth, spilled } : null;
    });
    expect(cut).not.toBeNull();
    expect(cut!.spilled).toEqual([]);
    expect(cut!.table).toBeLessThanOrEqual(cut!.room);
    expect(cut!.page).toBeLessThanOrEqual(0);

    // Transcode again with another preset, chosen on the video's page.
    await page.getByRole('link', { name: 'e2e-source.mp4' }).first().click();
    const id = /#\/videos\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    const before = await s.api<Video>(s.system.videoUrl, 'GET', `/videos/${id}`);
    expect(before).toMatchObject({ status: 'done', preset: presetName });
    await page.getByLabel('Preset').selectOption('default');
    await page.getByRole('button', { name: 'Transcode again' }).click();
    let after = before;
    for (const until = Date.now() + 10_000; after.taskId === before.taskId && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 200));
      after = await s.api<Video>(s.system.videoUrl, 'GET', `/videos/${id}`);
    }
    expect(after.preset).toBe('default');
    expect(after.taskId).not.toBe(before.taskId);
    await screenshot(page, '5-transcode-again-default');
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
