/**
 * Pure: where to cut a source of `duration` seconds into chunks of about
 * `chunkDuration` seconds. The count is rounded to the nearest integer so every
 * chunk (the last included) lies within [2/3, 3/2] of the target: never a
 * near-empty tail. Returns the cut times (seconds, ascending, exclusive of 0 and
 * the end); an empty list means one chunk.
 */
export function planChunkCuts(duration: number, chunkDuration: number): number[] {
  if (!(duration > 0) || !(chunkDuration > 0)) return [];
  const count = Math.max(1, Math.round(duration / chunkDuration));
  const size = duration / count;
  return Array.from({ length: count - 1 }, (_, i) => Math.round(size * (i + 1) * 1000) / 1000);
}

/** A chunk of the split source, as the segment muxer actually cut it (at key frames). */
export interface Chunk {
  index: number;
  file: string;
  /** seconds from the start of the source */
  start: number;
  end: number;
}

/** Pure: parses the segment muxer's CSV list (`name,start,end` per line). */
export function parseSegmentList(csv: string): Chunk[] {
  return csv
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const [file = '', start = 'NaN', end = 'NaN'] = line.split(',');
      return { index, file, start: Number(start), end: Number(end) };
    })
    .filter((c) => c.file && Number.isFinite(c.start) && Number.isFinite(c.end));
}

/**
 * Pure: the key frame times inside one chunk, relative to the chunk's start, so
 * that after concatenation key frames fall on every multiple of the segment
 * duration of the whole video (not of each chunk). Always includes 0.
 */
export function chunkKeyFrameTimes(chunk: Pick<Chunk, 'start' | 'end'>, segmentDuration: number): number[] {
  const times = [0];
  const eps = 1e-6;
  for (let k = Math.ceil(chunk.start / segmentDuration - eps); k * segmentDuration < chunk.end - eps; k += 1) {
    const t = Math.round((k * segmentDuration - chunk.start) * 1000) / 1000;
    if (t > eps) times.push(t);
  }
  return times;
}
