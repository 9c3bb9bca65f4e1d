import { execFile } from 'node:child_process';
import net from 'node:net';

export interface Missing {
  what: string;
  hint: string;
}

function answers(url: string, fallbackPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Ports already taken (another `pnpm start`?), each with the variable that moves it. */
export async function findBusyPorts(host: string, ports: Record<string, number>): Promise<Missing[]> {
  const busy: Missing[] = [];
  for (const [variable, port] of Object.entries(ports)) {
    if (!(await portFree(host, port))) busy.push({ what: `port ${port} on ${host} is already in use (another pnpm start?)`, hint: `stop what holds it, or set ${variable}` });
  }
  return busy;
}

const runs = (cmd: string) => new Promise<boolean>((resolve) => execFile(cmd, ['-version'], (err) => resolve(!err)));

/** Everything `pnpm start` needs on the machine, each missing piece with how to get it. */
export async function findMissing(urls: { postgres: string; amqp: string }): Promise<Missing[]> {
  const [pg, mq, ffmpeg, ffprobe] = await Promise.all([answers(urls.postgres, 5432), answers(urls.amqp, 5672), runs('ffmpeg'), runs('ffprobe')]);
  const missing: Missing[] = [];
  const where = (u: string) => new URL(u).host;
  if (!pg) missing.push({ what: `PostgreSQL is not answering at ${where(urls.postgres)}`, hint: 'install and start it (Debian: apt-get install postgresql; pg_ctlcluster 15 main start), or set CATALOG_DATABASE_URL/VIDEO_DATABASE_URL' });
  if (!mq) missing.push({ what: `RabbitMQ is not answering at ${where(urls.amqp)}`, hint: 'install and start it (Debian: apt-get install rabbitmq-server; rabbitmq-server -detached), or set AMQP_URL' });
  if (!ffmpeg) missing.push({ what: 'ffmpeg is not on PATH', hint: 'install it (Debian: apt-get install ffmpeg)' });
  if (!ffprobe) missing.push({ what: 'ffprobe is not on PATH', hint: 'it ships with ffmpeg (Debian: apt-get install ffmpeg)' });
  return missing;
}
