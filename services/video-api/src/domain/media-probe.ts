import { execa } from 'execa';

export type MediaKind = { ok: true; streams: string[] } | { ok: false; reason: string };

interface ProbeOutput {
  streams?: { codec_type?: string; codec_name?: string }[];
  format?: { format_name?: string };
}

// ffprobe "reads" text as an ANSI-art video (the tty demuxer) and a still image as a
// one-frame video; neither is a source anyone means to transcode.
const NOT_MEDIA_FORMAT = /^(tty|image2|[a-z0-9]+_pipe)$/;

/** Pure: what ffprobe's JSON says about a file a user sent as media. */
export function judgeProbe(output: string): MediaKind {
  let probe: ProbeOutput;
  try {
    probe = JSON.parse(output) as ProbeOutput;
  } catch {
    return { ok: false, reason: 'ffprobe printed no readable result' };
  }
  const format = probe.format?.format_name ?? '';
  if (NOT_MEDIA_FORMAT.test(format)) return { ok: false, reason: `ffprobe sees it as ${format === 'tty' ? 'text' : 'a still image'} (${format})` };
  const streams = probe.streams ?? [];
  const kinds = streams.map((s) => s.codec_type ?? 'unknown').filter((k) => k === 'video' || k === 'audio');
  return kinds.length > 0 ? { ok: true, streams: kinds } : { ok: false, reason: 'it has no audio or video stream' };
}

/** Runs ffprobe on an uploaded file with only the protocols its storage needs. */
export async function probeMedia(target: { input: string; protocols: string }, timeoutMs = 30_000): Promise<MediaKind> {
  const res = await execa('ffprobe', ['-v', 'error', '-protocol_whitelist', target.protocols, '-show_entries', 'stream=codec_type,codec_name:format=format_name', '-of', 'json', target.input], {
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
  });
  if (res.exitCode !== 0) {
    const tail = res.stderr.trim().split('\n').slice(-1)[0] ?? '';
    return { ok: false, reason: `ffprobe cannot read it${tail ? ` (${tail.replace(/^.*?: /, '')})` : ''}` };
  }
  return judgeProbe(res.stdout);
}
