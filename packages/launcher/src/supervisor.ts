import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { prettyFactory } from 'pino-pretty';
import type { ServicePlan } from './plan.js';

export interface Running {
  plan: ServicePlan;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const pretty = prettyFactory({ colorize: process.stdout.isTTY, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service,reqId', singleLine: true });

/** Prints a child's output, one line at a time, prefixed with its name; pino JSON lines are pretty-printed. */
function relay(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) {
  if (!stream) return;
  const tag = `[${name}]`.padEnd(20);
  createInterface({ input: stream }).on('line', (line) => {
    const text = line.startsWith('{') ? pretty(line).trimEnd() : line;
    out.write(`${tag} ${text}\n`);
  });
}

/**
 * Starts a service in its own process group, so Ctrl-C in the terminal reaches
 * only the launcher, which then stops each service gracefully (SIGTERM) in turn.
 */
export function start(plan: ServicePlan, baseEnv: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [plan.entry], { env: { ...baseEnv, ...plan.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  relay(plan.name, child.stdout, process.stdout);
  relay(plan.name, child.stderr, process.stderr);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { plan, child, exited };
}

export async function runToEnd(entry: string, env: NodeJS.ProcessEnv, name: string): Promise<void> {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  relay(name, child.stdout, process.stdout);
  relay(name, child.stderr, process.stderr);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

export async function waitReady(running: Running, timeoutMs: number): Promise<void> {
  const url = running.plan.readyUrl;
  if (!url) return;
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void running.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) throw new Error(`${running.plan.name} exited during start (see its log above)`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${running.plan.name} was not ready at ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM to each process group, then SIGKILL to whatever is left after `graceMs`. */
export async function stopAll(all: Running[], graceMs: number): Promise<void> {
  const signal = (r: Running, sig: NodeJS.Signals) => {
    try {
      if (r.child.pid) process.kill(-r.child.pid, sig);
    } catch {
      // already gone
    }
  };
  all.forEach((r) => signal(r, 'SIGTERM'));
  const timer = setTimeout(() => all.forEach((r) => signal(r, 'SIGKILL')), graceMs);
  await Promise.all(all.map((r) => r.exited));
  clearTimeout(timer);
}
