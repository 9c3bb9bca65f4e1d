// Plain JS: jest loads global setup outside its ESM module mapping, so this file
// stays dependency-free. It runs once before the workers start.
import { existsSync } from 'node:fs';
import net from 'node:net';

const pgUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const amqpUrl = () => process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

function answers(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Local servers are used when they answer. Otherwise, where a Docker engine exists,
 * testcontainers starts them and hands their URLs to the workers through the
 * environment. When neither is possible, the tests that need a server fail fast
 * with one line (packages/testkit/src/endpoints.ts) and pure unit tests still run.
 */
export default async function globalSetup() {
  const [pgUp, amqpUp] = await Promise.all([answers(pgUrl(), 5432), answers(amqpUrl(), 5672)]);
  const docker = Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
  if ((pgUp && amqpUp) || !docker) return;
  const { GenericContainer, Wait } = await import('testcontainers');
  const started = [];
  if (!pgUp) {
    const pg = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    started.push(pg);
    process.env.TEST_DATABASE_URL = `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`;
  }
  if (!amqpUp) {
    const mq = await new GenericContainer('rabbitmq:3.13-alpine').withExposedPorts(5672).withWaitStrategy(Wait.forLogMessage(/Server startup complete/)).start();
    started.push(mq);
    process.env.TEST_AMQP_URL = `amqp://guest:guest@${mq.getHost()}:${mq.getMappedPort(5672)}`;
  }
  globalThis.__dvtContainers = started;
}
