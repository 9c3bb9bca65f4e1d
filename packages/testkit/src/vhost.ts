import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { requireService, testAmqpUrl } from './endpoints.js';

export interface TestVhost {
  /** AMQP URL on a fresh virtual host: exchanges and queues with their real names, seen by nobody else. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

const managementUrl = () => process.env.TEST_AMQP_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';

async function viaRabbitmqctl(args: string[]): Promise<boolean> {
  try {
    await execa('rabbitmqctl', args, { timeout: 30_000 });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return false;
    throw err;
  }
}

async function viaManagement(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const base = new URL(managementUrl());
  const auth = Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
  base.username = '';
  base.password = '';
  const res = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) throw new Error(`RabbitMQ management ${method} ${path}: HTTP ${res.status}`);
}

/**
 * For tests that run whole services with the real topology names (end-to-end):
 * a virtual host of their own keeps their jobs away from every other test.
 * Uses rabbitmqctl where the broker is local, else the management HTTP API.
 */
export async function createTestVhost(prefix = 'test'): Promise<TestVhost> {
  const base = testAmqpUrl();
  await requireService('RabbitMQ', base);
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const user = decodeURIComponent(new URL(base).username || 'guest');
  if (await viaRabbitmqctl(['add_vhost', name])) {
    await viaRabbitmqctl(['set_permissions', '-p', name, user, '.*', '.*', '.*']);
  } else {
    await viaManagement('PUT', `/api/vhosts/${name}`);
    await viaManagement('PUT', `/api/permissions/${name}/${encodeURIComponent(user)}`, { configure: '.*', write: '.*', read: '.*' });
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (!(await viaRabbitmqctl(['delete_vhost', name]))) await viaManagement('DELETE', `/api/vhosts/${name}`);
    },
  };
}
