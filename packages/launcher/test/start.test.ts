import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('pnpm start prerequisites', () => {
  it('names what is missing, one line each, and exits non-zero', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'packages/launcher/src/main.ts'], {
      cwd: root,
      env: { ...process.env, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1', CATALOG_DATABASE_URL: 'postgres://postgres@127.0.0.1:2/x', DVT_SKIP_BUILD: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^missing: PostgreSQL is not answering at 127\.0\.0\.1:2: install and start it/),
      expect.stringMatching(/^missing: RabbitMQ is not answering at 127\.0\.0\.1:1: install and start it/),
    ]);
  });

  it.each([
    ['a wrong password', 'amqp://guest:wrong@127.0.0.1:5672', /^refused: RabbitMQ refused the login of amqp:\/\/guest:\*\*\*@127\.0\.0\.1:5672: check the user and password in AMQP_URL/],
    ['an unknown vhost', 'amqp://guest:guest@127.0.0.1:5672/no-such-vhost', /^refused: RabbitMQ refused the virtual host "no-such-vhost" for amqp:\/\/guest:\*\*\*@127\.0\.0\.1:5672\/no-such-vhost: create it/],
  ])('logs in to RabbitMQ and names %s at once (not a start that never gets ready)', (_what, amqpUrl, line) => {
    const started = Date.now();
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'packages/launcher/src/main.ts'], {
      cwd: root,
      env: { ...process.env, AMQP_URL: amqpUrl, DVT_SKIP_BUILD: '1', CATALOG_PORT: '1', VIDEO_PORT: '2' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n').filter((l) => l.includes('RabbitMQ'))).toEqual([expect.stringMatching(line)]);
    expect(res.stderr).not.toContain('guest:wrong');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);
});
