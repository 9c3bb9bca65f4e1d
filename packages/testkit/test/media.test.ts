import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { createMediaDir, type MediaDir } from '../src/index.js';

describe('media fixtures', () => {
  let media: MediaDir;
  beforeAll(async () => {
    media = await createMediaDir();
  });
  afterAll(async () => {
    await media.cleanup();
    expect(existsSync(media.dir)).toBe(false);
  });

  it('renders a source of the requested size, rate and duration, with and without audio', async () => {
    const withAudio = await media.make('a', { width: 320, height: 240, duration: 2, fps: 25 });
    const silent = await media.make('b', { width: 160, height: 90, duration: 1, fps: 30, audio: false });
    const probe = async (file: string) => JSON.parse((await execa('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file])).stdout);
    const a = await probe(withAudio);
    expect(a.streams.map((s: { codec_type: string }) => s.codec_type)).toEqual(['video', 'audio']);
    expect(a.streams[0]).toMatchObject({ width: 320, height: 240, r_frame_rate: '25/1' });
    expect(Number(a.format.duration)).toBeCloseTo(2, 1);
    const b = await probe(silent);
    expect(b.streams.map((s: { codec_type: string }) => s.codec_type)).toEqual(['video']);
  });
});
