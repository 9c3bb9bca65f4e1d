import { freePort } from '@dvt/testkit';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestNginx {
  /** http://127.0.0.1:port */
  origin: string;
  /** WebDAV collection root URL (trailing slash), backed by `davDir` */
  davUrl: string;
  davDir: string;
  /** URL of a file under `mediaDir` (served read-only at /media/) */
  mediaUrl(file: string): string;
  stop(): Promise<void>;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/**
 * A real nginx on a loopback port with its own prefix: WebDAV (core dav module:
 * PUT DELETE MKCOL COPY MOVE) at /dav/, and `mediaDir` served at /media/.
 */
export async function startNginx(mediaDir: string): Promise<TestNginx> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'dvt-nginx-'));
  const davDir = path.join(prefix, 'dav');
  await mkdir(davDir);
  await mkdir(path.join(prefix, 'logs'));
  const port = await freePort();
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${prefix}/${t}_temp;`).join('\n  ');
  const conf = `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
events { worker_connections 128; }
http {
  ${temps}
  access_log off;
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 0;
    location /dav/ {
      alias ${davDir}/;
      dav_methods PUT DELETE MKCOL COPY MOVE;
      create_full_put_path on;
      dav_access user:rw group:rw all:r;
    }
    location /media/ { alias ${mediaDir}/; }
  }
}
`;
  const confFile = path.join(prefix, 'nginx.conf');
  await writeFile(confFile, conf);
  // Errors go to a file, not a pipe: a pipe held by nginx's worker process would keep the test process alive.
  const errorLog = path.join(prefix, 'logs', 'error.log');
  const child: ChildProcess = spawn('nginx', ['-p', prefix, '-c', confFile, '-g', `daemon off; pid ${prefix}/nginx.pid; error_log ${errorLog};`], {
    stdio: 'ignore',
  });
  const stderrText = () => readFile(errorLog, 'utf8').catch(() => '');
  const deadline = Date.now() + 5000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${(await stderrText()).trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    davUrl: `${origin}/dav/`,
    davDir,
    mediaUrl: (file) => `${origin}/media/${path.relative(mediaDir, path.resolve(mediaDir, file))}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
