/**
 * The catalog pages in headless Chromium against the real services (test/system.ts):
 * the API key prompt, a preset built through the forms, the API's validation
 * message beside its field, export and import.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshot, watchPage } from './browser.js';
import { e2eSession } from './e2e-session.js';

const s = e2eSession({ name: 'catalog' });

/** The field labelled `label` inside the form `form`. */
const field = (page: Page, form: string, label: string) => page.locator(`form#${form}`).getByLabel(label, { exact: true });

describe('catalog pages in a real browser', () => {
  let presetId: string;

  it('asks for the API key on the first 401 and keeps it for the browser session', async () => {
    const fresh = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await fresh.newPage();
      const problems = watchPage(page);
      await page.goto(`${s.system.uiUrl}/#/presets`);
      await page.getByText('The API needs a key (401)').waitFor();
      await screenshot(page, '0-api-key-asked');
      await page.getByLabel('API key', { exact: true }).fill(s.apiKey);
      await page.getByRole('button', { name: 'Save key' }).click();
      await page.getByRole('link', { name: 'default', exact: true }).waitFor();
      await expect(page.getByRole('button', { name: 'API key: set' }).count()).resolves.toBe(1);
      await page.reload();
      await page.getByRole('link', { name: 'default', exact: true }).waitFor();
      await expect(page.getByText('The API needs a key (401)').count()).resolves.toBe(0);
      await screenshot(page, '0-api-key-kept');
      expect(problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 30_000);

  it('creates a preset with a video track, an audio track and a profile through the forms', async () => {
    const { page, problems } = await s.openPage('#/presets');
    await page.getByRole('button', { name: 'New preset' }).click();
    await field(page, 'new-preset', 'Name').fill('e2e-ladder');
    await page.getByRole('button', { name: 'Create preset' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Preset e2e-ladder' }).waitFor()).resolves.toBeUndefined();
    presetId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');

    await page.getByRole('button', { name: 'Add video track' }).click();
    await field(page, 'new-video-track', 'Name').fill('sd360');
    await field(page, 'new-video-track', 'x264 preset').selectOption('ultrafast');
    await field(page, 'new-video-track', 'Width (px)').fill('640');
    await field(page, 'new-video-track', 'Height (px)').fill('360');
    await field(page, 'new-video-track', 'Max rate (bit/s)').fill('800000');
    await field(page, 'new-video-track', 'Buffer size (bits)').fill('1600000');
    await page.getByRole('button', { name: 'Create video track' }).click();
    await page.locator('[data-track="sd360"]').waitFor();

    await page.getByRole('button', { name: 'Add audio track' }).click();
    await field(page, 'new-audio-track', 'Name').fill('aac96');
    await field(page, 'new-audio-track', 'Bitrate (bit/s)').fill('96000');
    await page.getByRole('button', { name: 'Create audio track' }).click();
    await page.locator('[data-track="aac96"]').waitFor();

    await page.getByRole('button', { name: 'Add video profile' }).click();
    await field(page, 'new-video-profile', 'Name').fill('any-sd');
    await field(page, 'new-video-profile', 'Min width (px)').fill('320');
    await page.locator('form#new-video-profile').getByRole('button', { name: 'Add track' }).click();
    await page.getByRole('button', { name: 'Create video profile' }).click();
    await page.locator('[data-profile="any-sd"]').waitFor();

    await page.getByRole('button', { name: 'Add audio profile' }).click();
    await field(page, 'new-audio-profile', 'Name').fill('any-audio');
    await page.locator('form#new-audio-profile').getByRole('button', { name: 'Add track' }).click();
    await page.getByRole('button', { name: 'Create audio profile' }).click();
    await page.locator('[data-profile="any-audio"]').waitFor();
    await screenshot(page, '1-preset-created');

    // What the forms made, as the catalog resolves it for a job.
    const snapshot = await s.api<{ videoTracks: unknown[]; audioTracks: unknown[]; videoProfiles: { name: string; condition: { minWidth: number }; tracks: { name: string; params: { width: number; preset: string } }[] }[]; audioProfiles: { tracks: { name: string }[] }[] }>(
      s.system.catalogUrl,
      'GET',
      `/presets/${presetId}/snapshot`,
    );
    expect(snapshot.videoTracks).toHaveLength(1);
    expect(snapshot.audioTracks).toHaveLength(1);
    expect(snapshot.videoProfiles).toMatchObject([{ name: 'any-sd', condition: { minWidth: 320 }, tracks: [{ name: 'sd360', params: { width: 640, preset: 'ultrafast' } }] }]);
    expect(snapshot.audioProfiles).toMatchObject([{ tracks: [{ name: 'aac96' }] }]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows the API's message for a bad CRF beside the CRF field", async () => {
    expect(presetId).toBeTruthy();
    const { page, problems } = await s.openPage(`#/presets/${presetId}`);
    await page.getByRole('button', { name: 'Edit video track sd360' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Edit video track sd360' }) });
    const crf = form.getByLabel('CRF', { exact: true });
    await crf.fill('60');
    await form.getByRole('button', { name: 'Save track' }).click();
    const message = form.locator('[data-error-for="params.constantRateFactor"]');
    await message.waitFor();
    expect(await message.innerText()).toMatch(/constantRateFactor must be <= 51/);
    // Beside the field: inside the CRF field's own box, and announced with it.
    const box = form.locator('.field:has(input[name="params.constantRateFactor"])');
    await expect(box.locator('[data-error-for="params.constantRateFactor"]').count()).resolves.toBe(1);
    expect(await crf.getAttribute('aria-invalid')).toBe('true');
    expect(await crf.getAttribute('aria-describedby')).toContain(await message.getAttribute('id'));
    await expect(form.locator('[data-error-for]').count()).resolves.toBe(1);
    await screenshot(page, '2-bad-crf');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('exports the preset as JSON and imports it back under another name', async () => {
    expect(presetId).toBeTruthy();
    const { page, problems } = await s.openPage(`#/presets/${presetId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('preset-e2e-ladder.json');
    const file = path.join(s.media.dir, 'exported.json');
    await download.saveAs(file);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { name: string; videoProfiles: unknown[] };
    expect(doc).toMatchObject({ name: 'e2e-ladder', videoProfiles: [{ name: 'any-sd' }] });
    await writeFile(file, JSON.stringify({ ...doc, name: 'e2e-ladder-copy' }));

    await page.getByRole('link', { name: '← All presets' }).click();
    await page.getByLabel('Import a preset (JSON)').setInputFiles(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Preset e2e-ladder-copy' }).waitFor();
    await page.locator('[data-profile="any-sd"]').waitFor();
    expect(await page.locator('[data-profile="any-sd"]').innerText()).toContain('Tracks: sd360');
    await screenshot(page, '2b-preset-imported');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
