import { describe, expect, it } from '@jest/globals';
import { bannerLines, planServices, settingsFrom, shellWord } from '../src/plan.js';

describe('launcher plan', () => {
  it('wires the services to each other with the documented defaults', () => {
    const plans = planServices(settingsFrom({}, '/repo'));
    const env = Object.fromEntries(plans.map((p) => [p.name, p.env]));
    expect(plans.map((p) => p.name)).toEqual(['catalog-api', 'video-api', 'transcoder-worker', 'admin-ui']);
    expect(env['catalog-api']).toMatchObject({ PORT: '3001', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dvt_catalog' });
    expect(env['video-api']).toMatchObject({
      PORT: '3002',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dvt_video',
      CATALOG_API_URL: 'http://127.0.0.1:3001',
      PUBLIC_URL: 'http://127.0.0.1:3002',
      VIDEO_RESULTS_URI: 'file:///repo/var/results',
      VIDEO_SOURCES_URI: 'file:///repo/var/sources',
    });
    expect(env['transcoder-worker']).toMatchObject({ VIDEO_API_URL: 'http://127.0.0.1:3002', VIDEO_TEMP_URI: 'file:///repo/var/tmp', VIDEO_RESULTS_URI: 'file:///repo/var/results' });
    expect(plans.find((p) => p.name === 'video-api')?.readyUrl).toBe('http://127.0.0.1:3002/ready');
  });

  it('takes ports, databases and the var directory from the environment', () => {
    const s = settingsFrom({ CATALOG_PORT: '4001', VIDEO_PORT: '4002', VIDEO_DATABASE_URL: 'postgres://x/v', DVT_VAR_DIR: '/tmp/v' }, '/repo');
    const video = planServices(s).find((p) => p.name === 'video-api');
    expect(video?.env).toMatchObject({ PORT: '4002', CATALOG_API_URL: 'http://127.0.0.1:4001', DATABASE_URL: 'postgres://x/v', VIDEO_RESULTS_URI: 'file:///tmp/v/results' });
  });

  it('prints commands that reach this stack: plain on the defaults, with the overrides otherwise', () => {
    const plain = settingsFrom({}, '/repo');
    const lines = bannerLines(plain, planServices(plain));
    expect(lines).toContain('Try: pnpm dvt transcode sample.mp4 --wait        Stop: Ctrl-C');
    expect(lines).toContain('  results      http://127.0.0.1:3002/media/results/<basename>/index.m3u8');

    const moved = settingsFrom({ CATALOG_PORT: '4101', VIDEO_PORT: '4102', API_KEYS: 'k1,k2', WORKER_API_KEY: 'w-secret', AMQP_URL: 'amqp://me:pw-secret@127.0.0.1:5672/mine', DVT_VAR_DIR: '/tmp/my videos' }, '/repo');
    const text = bannerLines(moved, planServices(moved)).join('\n');
    expect(text).toContain('Try: DVT_CATALOG_URL=http://127.0.0.1:4101 DVT_VIDEO_URL=http://127.0.0.1:4102 DVT_API_KEY="${API_KEYS%%,*}" pnpm dvt transcode sample.mp4 --wait');
    expect(text).toContain(
      `    AMQP_URL="$AMQP_URL" VIDEO_API_URL=http://127.0.0.1:4102 WORKER_API_KEY="$WORKER_API_KEY" VIDEO_TEMP_URI=file:///tmp/my%20videos/tmp VIDEO_RESULTS_URI=file:///tmp/my%20videos/results node /repo/services/transcoder-worker/dist/src/main.js`,
    );
    for (const secret of ['w-secret', 'k1', 'pw-secret']) expect(text).not.toContain(secret);
  });

  it('quotes what a shell would act on', () => {
    expect(shellWord('http://127.0.0.1:3002')).toBe('http://127.0.0.1:3002');
    expect(shellWord("a b'c")).toBe(`'a b'\\''c'`);
  });

  it('names a bad port', () => {
    expect(() => settingsFrom({ VIDEO_PORT: 'abc' }, '/repo')).toThrow('VIDEO_PORT must be a TCP port (1-65535), got "abc"');
  });
});
