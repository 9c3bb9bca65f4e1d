import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import m3u8, { type Manifest } from 'm3u8-parser';

export function parseM3u8(text: string): Manifest {
  const parser = new m3u8.Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

export interface HlsResult {
  master: Manifest;
  media: Manifest[];
}

/** Reads index.m3u8 and every media playlist it lists (from a directory or a base URL). */
export async function readHls(location: string): Promise<HlsResult> {
  const read = async (name: string) =>
    location.startsWith('http') ? (await fetch(new URL(name, location.endsWith('/') ? location : `${location}/`))).text() : readFile(path.join(location, name), 'utf8');
  const master = parseM3u8(await read('index.m3u8'));
  const media = await Promise.all((master.playlists ?? []).map(async (p) => parseM3u8(await read(p.uri))));
  return { master, media };
}

/** Container duration as ffprobe reads it (plays the whole thing through the demuxer). */
export async function probeDuration(input: string): Promise<number> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', input]);
  return Number((JSON.parse(stdout) as { format: { duration: string } }).format.duration);
}

/** Per-stream durations from the packets (last pts + duration - first pts), read through the demuxer. */
export async function streamDurations(input: string): Promise<{ video: number | null; audio: number | null }> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_entries', 'packet=codec_type,pts_time,duration_time', '-of', 'json', input]);
  const packets = (JSON.parse(stdout) as { packets: { codec_type: string; pts_time?: string; duration_time?: string }[] }).packets;
  const span = (type: string) => {
    const ps = packets.filter((p) => p.codec_type === type && p.pts_time !== undefined);
    if (ps.length === 0) return null;
    const starts = ps.map((p) => Number(p.pts_time));
    const ends = ps.map((p) => Number(p.pts_time) + Number(p.duration_time ?? 0));
    return Math.max(...ends) - Math.min(...starts);
  };
  return { video: span('video'), audio: span('audio') };
}

/** Every segment but the last within `tolerance` of the target. */
export function offSegments(media: Manifest, target: number, tolerance = 0.1): number[] {
  return media.segments.slice(0, -1).map((s) => s.duration).filter((d) => Math.abs(d - target) > tolerance);
}
