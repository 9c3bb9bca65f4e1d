import { describe, expect, it } from '@jest/globals';
import { progressText, table } from '../src/format.js';
import { isTerminal, phaseLabel, progressLine } from '../src/progress.js';

describe('cli formatting', () => {
  it('pads table columns to the widest cell', () => {
    expect(table(['ID', 'NAME'], [['1', 'default'], ['22', 'x']])).toBe('ID  NAME\n1   default\n22  x');
  });

  it.each([
    [{ status: 'process', progress: { phase: 'transcode', percent: 41.6 } }, '-', 'transcode 42%', 'transcode'],
    [{ status: 'process', progress: null }, '-', '-', 'starting'],
    [{ status: 'queued', progress: null }, '-', '-', 'waiting for a worker'],
    [{ status: 'done', progress: null }, '-', '100%', 'done'],
  ] as const)('describes %j', (video, _unused, text, label) => {
    expect(progressText(video as never)).toBe(text);
    expect(phaseLabel(video as never)).toBe(label);
  });

  it('knows which statuses end a wait', () => {
    expect(['new', 'queued', 'process', 'done', 'error'].filter((s) => isTerminal(s as never))).toEqual(['done', 'error']);
  });

  it('writes a log line only on a new phase or a new 10 % step', () => {
    expect(progressLine(null, 'waiting for a worker', 0)).toBe('waiting for a worker 0%');
    expect(progressLine({ label: 'transcode', percent: 41.6 }, 'transcode', 48.9)).toBeNull();
    expect(progressLine({ label: 'transcode', percent: 48.9 }, 'transcode', 50.2)).toBe('transcode 50%');
    expect(progressLine({ label: 'transcode', percent: 80 }, 'segment', 80)).toBe('segment 80%');
  });
});
