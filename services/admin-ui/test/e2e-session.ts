import { afterAll, beforeAll } from '@jest/globals';
import { createMediaDir, type MediaDir } from '@dvt/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage } from './browser.js';
import { startSystem, type System, type SystemOptions } from './system.js';

export interface E2eSession {
  readonly system: System;
  readonly browser: Browser;
  /** 1280x800, with the API key already in sessionStorage (as if entered earlier in this browser session). */
  readonly context: BrowserContext;
  readonly media: MediaDir;
  readonly apiKey: string;
  /** A REST call straight to an API (setup and checks), with the key. */
  api<T>(base: string, method: string, path: string, body?: unknown): Promise<T>;
  /** A new tab on the UI at `hash`, with a list that collects page errors and 5xx answers. */
  openPage(hash: string): Promise<{ page: Page; problems: string[] }>;
}

/** Registers beforeAll/afterAll that run the whole system, a browser and a media dir for one test file. */
export function e2eSession(options: Omit<SystemOptions, 'apiKey'> = {}): E2eSession {
  const apiKey = `e2e-key-${process.pid}`;
  let system: System | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let media: MediaDir | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start (see beforeAll's error above)`);
    return value;
  };

  beforeAll(async () => {
    // Each settles on its own, so whatever did start is stopped in afterAll even when another failed.
    const [s, b, m] = await Promise.allSettled([startSystem({ ...options, apiKey }), launchBrowser(), createMediaDir('dvt-ui-e2e-')]);
    if (s.status === 'fulfilled') system = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (m.status === 'fulfilled') media = m.value;
    for (const r of [s, b, m]) if (r.status === 'rejected') throw r.reason;
    context = await need(browser, 'the browser').newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((key) => window.sessionStorage.setItem('dvt.apiKey', key), apiKey);
  }, 150_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
    await media?.cleanup();
  }, 90_000);

  return {
    get system() {
      return need(system, 'the system');
    },
    get browser() {
      return need(browser, 'the browser');
    },
    get context() {
      return need(context, 'the browser context');
    },
    get media() {
      return need(media, 'the media dir');
    },
    apiKey,
    async api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) };
      const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async openPage(hash: string) {
      const page = await need(context, 'the browser context').newPage();
      const problems = watchPage(page);
      await page.goto(`${need(system, 'the system').uiUrl}/${hash}`);
      return { page, problems };
    },
  };
}
