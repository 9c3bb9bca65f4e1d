import { stat } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { Video } from '@dvt/contracts';
import type { Client } from '../client.js';
import { isTerminal, phaseLabel, progressLine } from '../progress.js';

export interface TranscodeOptions {
  preset?: string;
  wait?: boolean;
  interval?: number;
}

const isUrl = (input: string) => /^(https?|ftp):\/\//i.test(input);

const fileKind = async (file: string) => {
  try {
    const s = await stat(file);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
};

/** Uploads a local file (or takes a URL), creates the video and, with --wait, follows it to the end. */
export async function transcode(api: Client, input: string, opts: TranscodeOptions, out: NodeJS.WriteStream, resolvePath: (p: string) => string = (p) => p): Promise<number> {
  let source = input;
  if (!isUrl(input)) {
    const file = resolvePath(input);
    const kind = await fileKind(file);
    if (kind === 'missing') throw new Error(`${input}: no such file (give a local file or an http, https or ftp URL)`);
    if (kind !== 'file') throw new Error(`${input}: is a ${kind}, not a media file`);
    // A preset that does not exist would refuse the video only after the whole upload.
    const preset = opts.preset ?? 'default';
    if ((await api.presetExists(preset)) === false) throw new Error(`preset ${JSON.stringify(preset)} not found (dvt presets ls lists them); nothing uploaded`);
    out.write(`uploading ${input} ...\n`);
    source = (await api.upload(file)).source;
  }
  const created = await api.createVideo({ source, ...(opts.preset ? { preset: opts.preset } : {}) });
  return report(api, created, opts, out);
}

/** Queues an existing video again (optionally with another preset) and, with --wait, follows it to the end. */
export async function retranscode(api: Client, id: string, opts: TranscodeOptions, out: NodeJS.WriteStream): Promise<number> {
  return report(api, await api.transcodeVideo(id, opts.preset), opts, out);
}

async function report(api: Client, created: Video, opts: TranscodeOptions, out: NodeJS.WriteStream): Promise<number> {
  out.write(`video ${created.id} ${created.status} (preset ${created.preset})\n`);
  if (!opts.wait) return 0;
  const final = await follow(api, created, opts.interval ?? 1000, out);
  if (final.status === 'done') {
    out.write(`done: ${final.duration?.toFixed(2) ?? '?'} s of video\nplayback: ${final.playback?.hls ?? '(no playback URL)'}\n`);
    return 0;
  }
  out.write(`error: ${final.error ?? 'unknown error'}\n`);
  return 1;
}

async function follow(api: Client, video: Video, intervalMs: number, out: NodeJS.WriteStream): Promise<Video> {
  // A terminal gets a live bar; a log or pipe gets one line per phase or 10 % step.
  const bar = out.isTTY ? new SingleBar({ format: ' {bar} {percentage}% | {phase}', stream: out, hideCursor: true }, Presets.shades_classic) : null;
  let last: { label: string; percent: number } | null = null;
  const show = (v: Video) => {
    const percent = v.status === 'done' ? 100 : (v.progress?.percent ?? 0);
    const label = phaseLabel(v);
    if (bar) return bar.update(Math.floor(percent), { phase: label });
    const line = progressLine(last, label, percent);
    if (line) out.write(`${line}\n`);
    last = { label, percent };
  };
  bar?.start(100, 0, { phase: phaseLabel(video) });
  let current = video;
  show(current);
  try {
    while (!isTerminal(current.status)) {
      await new Promise((r) => setTimeout(r, intervalMs));
      current = await api.getVideo(video.id);
      show(current);
    }
  } finally {
    bar?.stop();
  }
  return current;
}
