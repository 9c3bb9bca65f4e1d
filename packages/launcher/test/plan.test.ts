import { describe, expect, it } from '@jest/globals';
import { planServices, settingsFrom } from '../src/plan.js';

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

  it('names a bad port', () => {
    expect(() => settingsFrom({ VIDEO_PORT: 'abc' }, '/repo')).toThrow('VIDEO_PORT must be a TCP port (1-65535), got "abc"');
  });
});
