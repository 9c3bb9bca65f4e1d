import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface SourceSpec {
  width?: number;
  height?: number;
  /** seconds */
  duration?: number;
  fps?: number;
  audio?: boolean;
  /** Leave out the video stream (an audio-only file). */
  video?: boolean;
  /** Target video bit rate, bits/s (defaults to what x264 ultrafast gives at crf 28). */
  videoBitrate?: number;
  sampleRate?: number;
  container?: 'mp4' | 'mkv' | 'ts';
  /** Display aspect ratio override, e.g. '4:3'. */
  dar?: string;
}

export interface MediaDir {
  dir: string;
  /** Renders a test pattern (+ sine tone) source with ffmpeg's lavfi and returns its path. */
  make(name: string, spec?: SourceSpec): Promise<string>;
  cleanup(): Promise<void>;
}

/** Pure: the ffmpeg arguments that render a lavfi source of the given spec into `output`. */
export function sourceArgs(spec: SourceSpec, output: string): string[] {
  const { width = 640, height = 360, duration = 5, fps = 30, audio = true, video = true, sampleRate = 48_000 } = spec;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  if (video) args.push('-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${duration}`);
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${sampleRate}:duration=${duration}`);
  if (video) {
    args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(fps * 2));
    if (spec.videoBitrate) args.push('-b:v', String(spec.videoBitrate), '-maxrate', String(spec.videoBitrate), '-bufsize', String(spec.videoBitrate * 2));
    else args.push('-crf', '28');
    if (spec.dar) args.push('-aspect', spec.dar);
  }
  if (audio) args.push('-c:a', 'aac', '-b:a', '128k', '-ac', '2');
  args.push('-t', String(duration), output);
  return args;
}

export async function createMediaDir(prefix = 'dvt-media-'): Promise<MediaDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    dir,
    async make(name, spec = {}) {
      const output = path.join(dir, `${name}.${spec.container ?? 'mp4'}`);
      await execa('ffmpeg', sourceArgs(spec, output));
      return output;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
