import net from 'node:net';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export const testDatabaseUrl = (): string => process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
export const testAmqpUrl = (): string => process.env.TEST_AMQP_URL ?? DEFAULT_TEST_AMQP_URL;

const HINTS = {
  PostgreSQL: "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, or set TEST_DATABASE_URL",
  RabbitMQ: 'start it with: rabbitmq-server -detached, or set TEST_AMQP_URL',
} as const;

/** Resolves when a TCP connection to the URL's host:port opens within `timeoutMs`; never hangs. */
export function canConnect(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  const defaultPort = protocol.startsWith('amqp') ? 5672 : 5432;
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** One line that says what is missing and how to get it. */
export class ServiceUnavailableError extends Error {
  constructor(service: keyof typeof HINTS, url: string) {
    super(`${service} is not reachable at ${redact(url)}: ${HINTS[service]} (or run where a Docker engine can start it)`);
    this.name = 'ServiceUnavailableError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

export async function requireService(service: keyof typeof HINTS, url: string): Promise<void> {
  if (!(await canConnect(url))) throw new ServiceUnavailableError(service, url);
}
