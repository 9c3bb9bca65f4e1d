import { describe, expect, it } from '@jest/globals';
import { readRepoFile } from './support.js';

const tableRows = (markdown: string) => markdown.split('\n').filter((line) => /^\| `[A-Z][A-Z0-9_]*` \|/.test(line));

describe('configuration docs', () => {
  it('README carries the same configuration table as docs/configuration.md', () => {
    const docs = tableRows(readRepoFile('docs', 'configuration.md'));
    expect(docs.length).toBeGreaterThan(30);
    expect(tableRows(readRepoFile('README.md'))).toEqual(docs);
  });

  it('README gives the two commands of a new user and the test command', () => {
    const readme = readRepoFile('README.md');
    expect(readme).toContain('pnpm install && pnpm start');
    expect(readme).toContain('pnpm dvt transcode sample.mp4 --wait');
    expect(readme).toMatch(/^pnpm test\b/m);
  });
});
