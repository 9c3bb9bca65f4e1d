import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import type { Logger } from 'pino';
import { JobAborted, JobError } from '../domain/errors.js';
import { ProgressParser } from './progress.js';

export interface RunOptions {
  /** step name for logs and errors (split, transcode, audio, segment, probe) */
  step: string;
  /** extra log fields, e.g. { chunk: 2 } */
  context?: Record<string, unknown>;
  /** aborting kills the process; the abort reason is thrown */
  signal: AbortSignal;
  /** media seconds this run produces, to turn out_time into a fraction */
  duration?: number;
  onProgress?: (fraction: number) => void;
}

/** ffmpeg or ffprobe ended badly: carries the command's stderr tail. */
export class MediaCommandError extends JobError {
  constructor(
    readonly step: string,
    readonly stderrTail: string,
    detail: string,
  ) {
    super(`${step} failed (${detail})${stderrTail ? `: ${stderrTail}` : ''}`);
  }
}

export interface Runner {
  ffmpeg(args: string[], options: RunOptions): Promise<void>;
  ffprobe(args: string[], options: RunOptions): Promise<string>;
  /** Kills every running child at once (exit paths). */
  killAll(): void;
}

const TAIL_LINES = 8;
const MAX_TAIL_CHARS = 1500;

function tail(lines: string[]): string {
  return lines.join(' | ').slice(-MAX_TAIL_CHARS);
}

/**
 * The one place ffmpeg and ffprobe are spawned: argument arrays only, killed
 * with SIGKILL when the signal aborts, every child tracked so an exit path can
 * kill them all. ffmpeg writes -progress to our stdout pipe: if this process is
 * SIGKILLed, ffmpeg's next progress write hits a closed pipe and it dies too.
 */
export function createRunner(logger: Logger, bins = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }): Runner {
  const live = new Set<ResultPromise>();

  async function run(bin: string, args: string[], o: RunOptions, collectStdout: boolean): Promise<string> {
    if (o.signal.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new JobAborted('shutdown');
    const log = logger.child({ step: o.step, ...o.context });
    log.info({ bin, args }, `${bin} run`);
    const started = Date.now();
    const child = execa(bin, args, {
      stdin: 'ignore',
      buffer: { stdout: collectStdout, stderr: false },
      cancelSignal: o.signal,
      killSignal: 'SIGKILL',
      reject: false,
      cleanup: true,
    });
    live.add(child);
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!line.trim()) return;
      stderr.push(line.trim());
      if (stderr.length > TAIL_LINES) stderr.shift();
    });
    const parser = new ProgressParser();
    if (!collectStdout) createInterface({ input: child.stdout }).on('line', (line) => {
      const t = parser.push(line);
      if (t !== null && o.onProgress && o.duration && o.duration > 0) o.onProgress(Math.min(1, t / o.duration));
    });
    try {
      const result = await child;
      if (result.isCanceled || o.signal.aborted) {
        log.warn('killed: job aborted');
        throw o.signal.reason instanceof Error ? o.signal.reason : new JobAborted('shutdown');
      }
      if (result.failed) {
        const detail = result.signal ? `killed by ${result.signal}` : result.exitCode !== undefined ? `exit code ${result.exitCode}` : (result.shortMessage ?? 'failed');
        log.warn({ stderr: tail(stderr), detail }, `${bin} failed`);
        throw new MediaCommandError(o.step, tail(stderr), detail);
      }
      log.debug({ ms: Date.now() - started }, `${bin} done`);
      return typeof result.stdout === 'string' ? result.stdout : '';
    } finally {
      live.delete(child);
    }
  }

  return {
    ffmpeg: async (args, o) => {
      await run(bins.ffmpeg, args, o, false);
    },
    ffprobe: (args, o) => run(bins.ffprobe, args, o, true),
    killAll() {
      for (const child of live) child.kill('SIGKILL');
    },
  };
}
