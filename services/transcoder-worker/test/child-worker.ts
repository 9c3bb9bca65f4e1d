import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(serviceDir, '../..');

export interface ChildWorker {
  child: ChildProcess;
  /** parsed JSON log lines so far */
  logs: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** ffmpeg runs logged so far: { step, chunk } */
  runs(): { step: string; chunk?: number }[];
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Runs `src/main.ts` with tsx as a real child process. Workspace packages
 * resolve to their TypeScript sources (a tsconfig with paths), so no build is needed.
 */
export async function spawnWorker(env: Record<string, string>, scratchDir: string): Promise<ChildWorker> {
  const tsconfig = path.join(scratchDir, 'tsconfig.child.json');
  await writeFile(tsconfig, JSON.stringify({ compilerOptions: { baseUrl: repoRoot, paths: { '@dvt/contracts': ['packages/contracts/src/index.ts'] } } }));
  // tsx as a loader in this very process (its CLI would add a wrapper process between us and the worker)
  const loader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, 'src/main.ts'], {
    cwd: serviceDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TSX_TSCONFIG_PATH: tsconfig, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      stderr.push(line);
    }
    waiters.forEach((w) => w());
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    logs,
    stderr,
    exited,
    runs: () => logs.filter((l) => l.msg === 'ffmpeg run').map((l) => ({ step: String(l.step), chunk: l.chunk as number | undefined })),
    waitForLog(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = logs.find(match);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`log line not seen; last lines: ${JSON.stringify(logs.slice(-5))} ${stderr.slice(-5).join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => setTimeout(check, 10));
        check();
      });
    },
  };
}
