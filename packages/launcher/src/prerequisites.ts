import { execFile } from 'node:child_process';
import net from 'node:net';
import amqp from 'amqplib';

export interface Missing {
  what: string;
  hint: string;
  /** printed before the line: `missing` unless the piece is there but refused us */
  label?: 'missing' | 'refused';
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

/** The URL without its password, for messages. */
const shown = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/**
 * Pure: what RabbitMQ's refusal of a login means for the user, from amqplib's error
 * message (403 ACCESS_REFUSED: user or password; 530 NOT_ALLOWED: the vhost).
 */
export function amqpRefusal(message: string, url: string): Missing | null {
  if (/ACCESS[-_]REFUSED/i.test(message)) return { label: 'refused', what: `RabbitMQ refused the login of ${shown(url)}`, hint: 'check the user and password in AMQP_URL (rabbitmqctl list_users)' };
  // A closed connection.open (amqplib: "Expected ConnectionOpenOk") is the vhost check failing.
  if (/NOT[-_]ALLOWED|vhost|ConnectionOpenOk/i.test(message)) {
    const vhost = decodeURIComponent(new URL(url).pathname.slice(1)) || '/';
    const user = decodeURIComponent(new URL(url).username) || 'guest';
    return { label: 'refused', what: `RabbitMQ refused the virtual host "${vhost}" for ${shown(url)}`, hint: `create it and grant the user access (rabbitmqctl add_vhost ${vhost}; rabbitmqctl set_permissions -p ${vhost} ${user} ".*" ".*" ".*"), or fix AMQP_URL` };
  }
  return null;
}

/** An AMQP login, not just a TCP answer: a wrong password or vhost would otherwise leave the services retrying forever. */
async function amqpLogin(url: string): Promise<Missing | null> {
  try {
    const conn = await amqp.connect(url, { timeout: 5000 });
    await conn.close().catch(() => undefined);
    return null;
  } catch (err) {
    const message = (err as Error).message;
    return amqpRefusal(message, url) ?? { what: `RabbitMQ did not accept a connection at ${shown(url)} (${message})`, hint: 'check AMQP_URL and the broker\'s logs' };
  }
}

const runs = (cmd: string) => new Promise<boolean>((resolve) => execFile(cmd, ['-version'], (err) => resolve(!err)));

/** Everything `pnpm start` needs on the machine, each missing piece with how to get it. */
export async function findMissing(urls: { postgres: string; amqp: string }): Promise<Missing[]> {
  const [pg, mq, ffmpeg, ffprobe] = await Promise.all([answers(urls.postgres, 5432), answers(urls.amqp, 5672), runs('ffmpeg'), runs('ffprobe')]);
  const missing: Missing[] = [];
  const where = (u: string) => new URL(u).host;
  if (!pg) missing.push({ what: `PostgreSQL is not answering at ${where(urls.postgres)}`, hint: 'install and start it (Debian: apt-get install postgresql; pg_ctlcluster 15 main start), or set CATALOG_DATABASE_URL/VIDEO_DATABASE_URL' });
  if (!mq) missing.push({ what: `RabbitMQ is not answering at ${where(urls.amqp)}`, hint: 'install and start it (Debian: apt-get install rabbitmq-server; rabbitmq-server -detached), or set AMQP_URL' });
  else {
    const refused = await amqpLogin(urls.amqp);
    if (refused) missing.push(refused);
  }
  if (!ffmpeg) missing.push({ what: 'ffmpeg is not on PATH', hint: 'install it (Debian: apt-get install ffmpeg)' });
  if (!ffprobe) missing.push({ what: 'ffprobe is not on PATH', hint: 'it ships with ffmpeg (Debian: apt-get install ffmpeg)' });
  return missing;
}
