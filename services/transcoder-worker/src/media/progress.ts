import type { ProgressPhase } from '@dvt/contracts';

/**
 * Reads ffmpeg's `-progress` output (key=value lines, each block ending with
 * `progress=continue|end`). `push` returns the block's out_time in seconds when
 * a block ends, else null.
 */
export class ProgressParser {
  private outTime: number | null = null;

  push(line: string): number | null {
    const eq = line.indexOf('=');
    if (eq < 0) return null;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'out_time_us' || key === 'out_time_ms') {
      // ffmpeg reports microseconds under both names.
      const us = Number(value);
      if (Number.isFinite(us)) this.outTime = Math.max(0, us / 1e6);
    } else if (key === 'progress') {
      const t = this.outTime;
      this.outTime = null;
      return t;
    }
    return null;
  }
}

const PHASE_RANGES: Record<ProgressPhase, [number, number]> = {
  analyze: [0, 2],
  split: [2, 10],
  transcode: [10, 90],
  segment: [90, 100],
};

/** Pure: the whole job's percent from a phase and how far that phase is (0..1). */
export function overallPercent(phase: ProgressPhase, fraction: number): number {
  const [from, to] = PHASE_RANGES[phase];
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.round((from + (to - from) * f) * 10) / 10;
}

/** At most one emission per `intervalMs` (the clock is injected for tests). */
export function throttle<T>(emit: (value: T) => void, intervalMs: number, now: () => number = Date.now): (value: T) => void {
  let last = -Infinity;
  return (value) => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    emit(value);
  };
}
